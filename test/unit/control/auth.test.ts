// Bearer-secret checks of the control server, driven with the real client and with raw requests:
// no secret, a wrong one, one of the right length, a malformed header, and the right one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ControlClient, ControlError, ROUTES } from "../../../src/control/index.js";
import { startControlServer } from "../../../src/appmaster/control/index.js";
import { auth, FakeAmCore, harness, raw, SECRET, type Harness } from "./support.js";

let h: Harness;
before(async () => (h = await harness()));
after(() => h.close());

function clientWith(secret: string): ControlClient {
  return new ControlClient(h.server.url, secret, { timeoutMs: 5_000 });
}

async function assertUnauthorized(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ControlError);
    assert.equal(err.code, "CONTROL_UNAUTHORIZED");
    assert.equal(err.httpStatus, 401);
    assert.ok(!err.message.includes(SECRET));
    return true;
  });
}

test("no Authorization header → 401 with a Bearer challenge, nothing changes", async () => {
  for (const [method, path, body] of [
    ["GET", ROUTES.status, undefined],
    ["POST", ROUTES.scale, '{"service":"dask.worker","instances":5}'],
    ["POST", ROUTES.shutdown, '{"finalStatus":"KILLED"}'],
    ["PUT", `${ROUTES.kv}k`, '{"value":"v"}'],
  ] as const) {
    const r = await raw(h.server.url + path, { method, body });
    assert.equal(r.status, 401, `${method} ${path}`);
    assert.equal(r.headers["www-authenticate"], 'Bearer realm="tsdask-yarn"');
    assert.equal(JSON.parse(r.body).error.code, "UNAUTHORIZED");
  }
  assert.deepEqual(h.core.scaled, []);
  assert.deepEqual(h.core.shutdowns, []);
  assert.equal(h.server.kv.get("k"), undefined);
});

test("wrong secret (shorter, longer, same length, empty) → CONTROL_UNAUTHORIZED, nothing changes", async () => {
  const sameLength = SECRET.slice(0, -1) + (SECRET.endsWith("x") ? "y" : "x");
  for (const secret of ["nope", SECRET + "x", sameLength, SECRET.toUpperCase()]) {
    const c = clientWith(secret);
    await assertUnauthorized(c.status());
    await assertUnauthorized(c.scale("dask.worker", 7));
    await assertUnauthorized(c.shutdown("FAILED", "bye"));
    await assertUnauthorized(c.kvPut("dask.scheduler", "tcp://evil:1"));
    await assertUnauthorized(c.kvGet("dask.scheduler"));
  }
  assert.deepEqual(h.core.scaled, []);
  assert.deepEqual(h.core.shutdowns, []);
  assert.equal(h.server.kv.size, 0);
});

test("malformed Authorization headers are refused like a missing one", async () => {
  for (const value of [SECRET, `Basic ${SECRET}`, "Bearer", `Bearer ${SECRET} extra`, `Token ${SECRET}`]) {
    const r = await raw(h.server.url + ROUTES.status, { headers: { Authorization: value } });
    assert.equal(r.status, 401, value);
  }
});

test("the scheme is case-insensitive and the right secret is accepted", async () => {
  const r = await raw(h.server.url + ROUTES.status, { headers: { Authorization: `bearer ${SECRET}` } });
  assert.equal(r.status, 200);
  assert.equal((await h.client.status()).application.id, "application_1717000000000_0003");
});

test("rejections are logged without the presented secret", async () => {
  const before = h.logs.length;
  await assertUnauthorized(clientWith("wrong-secret-that-must-not-be-logged").status());
  const lines = h.logs.slice(before);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /wrong secret from 127\.0\.0\.1 for GET \/api\/v1\/status/);
  assert.ok(!lines.join("").includes("must-not-be-logged"));
  assert.ok(!h.logs.join("").includes(SECRET));
});

test("the overview page needs no secret; unknown API paths still do", async () => {
  assert.equal((await raw(h.server.url + "/")).status, 200);
  assert.equal((await raw(h.server.url + "/api/v1/nope")).status, 401);
  assert.equal((await raw(h.server.url + "/api/v1/nope", { headers: auth })).status, 404);
});

test("the client never shows the secret when inspected or serialized", async () => {
  const { inspect } = await import("node:util");
  assert.ok(!inspect(h.client, { showHidden: true, depth: 5 }).includes(SECRET));
  assert.ok(!JSON.stringify(h.client).includes(SECRET));
});

test("a server refuses to start with a short secret", async () => {
  await assert.rejects(
    startControlServer({ host: "127.0.0.1", port: 0, secret: "short", handlers: new FakeAmCore() }),
    /at least 16 characters/,
  );
});
