// An attempt can start while the RM is down (restart, failover): registration waits for it up to the
// liveness limit, as heartbeats do, instead of failing the attempt and with it the application.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RmSession, type RmClient } from "../../../src/appmaster/yarn/rm-session.js";
import { RpcConnectionError, RpcRemoteError } from "../../../src/hadoop-rpc/index.js";
import { fakeRm } from "./support.js";

const refused = () => new RpcConnectionError("connect to 127.0.0.1:8030 failed: connect ECONNREFUSED 127.0.0.1:8030");

/** A session whose RM answers registrations from `script` (an Error is thrown), on a fake clock. */
function session(script: (() => Error | undefined)[], rmTimeoutMs = 60_000) {
  const base = fakeRm([]);
  let tries = 0;
  const rm: RmClient = {
    ...base.rm,
    registerApplicationMaster: async (r) => {
      tries++;
      const err = script.shift()?.();
      if (err) throw err;
      return base.rm.registerApplicationMaster(r);
    },
  };
  const clock = { t: 0 };
  const log: string[] = [];
  const s = new RmSession(rm, {
    host: "h",
    rpcPort: 1,
    trackingUrl: "",
    rmTimeoutMs,
    log: (l) => log.push(l),
    now: () => clock.t,
    sleep: async (ms) => void (clock.t += ms),
  });
  return { s, log, clock, tries: () => tries };
}

test("register: waits out an RM that refuses connections, says once what it waits for", async () => {
  const { s, log, clock, tries } = session([refused, refused, () => new Error("read ECONNRESET"), refused]);
  const r = await s.register();
  assert.equal(r.queue, "default");
  assert.equal(tries(), 5, "four failures, then registered");
  assert.equal(clock.t, 4000, "one second between tries");
  assert.equal(log.length, 1, "one notice, not one per try");
  assert.match(log[0]!, /ECONNREFUSED.*waiting up to 60 s for the RM/);
});

test("register: a standby or starting RM is waited for; what the RM refuses fails at once", async () => {
  const remote = (cls: string) => () => new RpcRemoteError(cls, "x", false, undefined, "registerApplicationMaster");
  const ok = session([
    remote("org.apache.hadoop.ipc.StandbyException"),
    remote("org.apache.hadoop.ipc.RetriableException"),
  ]);
  await ok.s.register();
  assert.equal(ok.tries(), 3);
  const denied = session([remote("org.apache.hadoop.security.AccessControlException")]);
  await assert.rejects(denied.s.register(), /x/);
  assert.equal(denied.tries(), 1, "not retried");
});

test("register: gives up after the liveness limit with AM_RM_UNREACHABLE", async () => {
  const { s, clock, tries } = session(
    Array.from({ length: 100 }, () => refused),
    10_000,
  );
  await assert.rejects(s.register(), { code: "AM_RM_UNREACHABLE", message: /could not register with the RM for 11 s/ });
  assert.equal(clock.t, 11_000, "bounded by the limit");
  assert.equal(tries(), 12);
});
