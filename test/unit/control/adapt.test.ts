// POST /api/v1/adapt through the real client and server with a fake AM core: valid limits reach
// the core, invalid ones (negative, fractional, minimum above maximum, unknown service) never do,
// a core refusal is a 409, and a core without adaptive support answers 404.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { TsdaskError } from "../../../src/errors.js";
import { ControlError, ROUTES } from "../../../src/control/index.js";
import { auth, FakeAmCore, harness, raw, type Harness } from "./support.js";

class AdaptiveCore extends FakeAmCore {
  readonly adapted: [string, number, number][] = [];
  adapt(service: string, limits: { minimum: number; maximum: number }): void {
    if (this.failWith) throw this.failWith;
    this.adapted.push([service, limits.minimum, limits.maximum]);
  }
}

let h: Harness;
let core: AdaptiveCore;
before(async () => {
  core = new AdaptiveCore();
  h = await harness({ handlers: core });
});
after(() => h.close());

function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp) {
  return assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ControlError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test("adapt with valid limits reaches the core and echoes them", async () => {
  assert.deepEqual(await h.client.adapt("dask.worker", 0, 10), { service: "dask.worker", minimum: 0, maximum: 10 });
  assert.deepEqual(await h.client.adapt("dask.worker", 3, 3), { service: "dask.worker", minimum: 3, maximum: 3 });
  assert.deepEqual(core.adapted, [
    ["dask.worker", 0, 10],
    ["dask.worker", 3, 3],
  ]);
});

test("adapt with bad limits or an unknown service → 400; the core is not called", async () => {
  core.adapted.length = 0;
  await rejectsWith(h.client.adapt("dask.worker", -1, 2), "CONTROL_BAD_REQUEST", /minimum/);
  await rejectsWith(h.client.adapt("dask.worker", 1, 2.5), "CONTROL_BAD_REQUEST", /maximum/);
  await rejectsWith(h.client.adapt("dask.worker", 4, 2), "CONTROL_BAD_REQUEST", /above 'maximum'/);
  await rejectsWith(h.client.adapt("dask.wrker", 1, 2), "CONTROL_UNKNOWN_SERVICE", /dask\.worker/);
  const r = await raw(h.server.url + ROUTES.adapt, { method: "GET", headers: auth });
  assert.equal(r.status, 405);
  assert.deepEqual(core.adapted, []);
});

test("a core refusal is a 409 CONFLICT with its message", async () => {
  core.failWith = new TsdaskError("AM_NOT_ADAPTIVE", "service 'dask.scheduler' is not a dask worker service");
  try {
    await rejectsWith(h.client.adapt("dask.scheduler", 1, 2), "CONTROL_CONFLICT", /not a dask worker/);
  } finally {
    core.failWith = undefined;
  }
});

test("an AM core without adapt answers 404", async () => {
  const plain = await harness();
  try {
    await assert.rejects(plain.client.adapt("dask.worker", 1, 2), (err: unknown) => {
      assert.ok(err instanceof ControlError);
      assert.deepEqual([err.code, err.httpStatus, err.serverCode], ["CONTROL_BAD_REQUEST", 404, "NOT_FOUND"]);
      assert.match(err.message, /does not scale adaptively/);
      return true;
    });
  } finally {
    await plain.close();
  }
});
