// A scale around an AM restart (issue 21): refused connections during the restart wait for the
// next attempt instead of failing at once; a "socket hang up" after the request went out is an
// unknown outcome, settled by asking the AM that answers next. Real control clients and servers on
// loopback; the first attempt's AM is a listener that takes the request and hangs up, or is gone.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, test } from "node:test";
import { ControlClient } from "../../../src/control/index.js";
import { TsdaskError } from "../../../src/errors.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { scaleResolved } from "../../../src/launcher/scale-outcome.js";
import { harness, SECRET, type Harness } from "../control/support.js";

const W = "dask.worker";
const open: (Server | Harness)[] = [];
after(() => Promise.all(open.map((s) => ("core" in s ? s.close() : new Promise((r) => s.close(r))))));

/** An AM that reads the scale, counts it, and dies before answering. */
async function hangsUp() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.socket?.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  open.push(server);
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { seen, client: new ControlClient(url, SECRET, { timeoutMs: 2_000 }) };
}

/** The next attempt's AM; its status says `desired` workers. */
async function nextAttempt(desired: number) {
  const h = await harness();
  open.push(h);
  h.core.status = {
    ...h.core.status,
    services: h.core.status.services.map((s) => (s.name === W ? { ...s, desiredInstances: desired } : s)),
  };
  return h;
}

test("a hang-up after the AM applied the scale: confirmed from the next AM's status, not sent again", async () => {
  const first = await hangsUp();
  const next = await nextAttempt(5);
  const notices: string[] = [];
  const r = await scaleResolved(first.client, async () => next.client, W, 5, { onNotice: (m) => notices.push(m) });
  assert.deepEqual(r, { service: W, desired: 5, confirmedByStatus: true });
  assert.equal(first.seen.length, 1, "the request reached the first AM");
  assert.deepEqual(next.core.scaled, [], "not sent twice");
  assert.match(notices[0]!, /answer to the scale was lost \(.*socket hang up.*\); it may have applied it: asking it/);
});

test("a hang-up before the AM applied it: the next AM's status says otherwise, so it is sent there", async () => {
  const first = await hangsUp();
  const next = await nextAttempt(2);
  const r = await scaleResolved(first.client, async () => next.client, W, 5);
  assert.deepEqual(next.core.scaled, [[W, 5]]);
  assert.equal(r.desired, 5);
  assert.equal(r.confirmedByStatus, undefined);
});

test("connection refused during the restart: waits for the next attempt, then scales there", async () => {
  const gone = new ControlClient("http://127.0.0.1:9", SECRET, { timeoutMs: 2_000 }); // the discard port: refused
  const next = await nextAttempt(2);
  let asked = 0;
  const reconnect = async () => {
    if (++asked < 3)
      throw new LauncherError(
        "APP_NOT_RUNNING",
        "application_1_1 is ACCEPTED: its ApplicationMaster has not registered yet",
      );
    return next.client;
  };
  const notices: string[] = [];
  const r = await scaleResolved(gone, reconnect, W, 4, { onNotice: (m) => notices.push(m) });
  assert.equal(asked, 3);
  assert.deepEqual(next.core.scaled, [[W, 4]]);
  assert.equal(r.desired, 4);
  assert.match(notices[0]!, /did not take the scale .*ECONNREFUSED.*waiting up to 60 s for an attempt that does/);
});

test("bounded: no attempt answers in time → SCALE_OUTCOME_UNKNOWN; an ended application ends the wait at once", async () => {
  const first = await hangsUp();
  const notYet = async (): Promise<ControlClient> => {
    throw new LauncherError(
      "APP_NOT_RUNNING",
      "application_1_1 is ACCEPTED: its ApplicationMaster has not registered yet",
    );
  };
  const t0 = Date.now();
  await assert.rejects(
    scaleResolved(first.client, notYet, W, 5, { waitMs: 1_000 }),
    (e: unknown) =>
      e instanceof TsdaskError &&
      e.code === "SCALE_OUTCOME_UNKNOWN" &&
      /whether it was applied is unknown/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 5_000);
  const ended = async (): Promise<ControlClient> => {
    throw new LauncherError("APP_NOT_RUNNING", "application_1_1 has ended (KILLED, final status KILLED)");
  };
  await assert.rejects(scaleResolved((await hangsUp()).client, ended, W, 5), /has ended/);
});
