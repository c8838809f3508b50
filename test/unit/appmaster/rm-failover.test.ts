// RM HA: the AM walks the comma-separated scheduler addresses when an RM is down or standby, and
// leaves the RM's own answers (NotRegistered → resync) to the session.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FailoverRmClient, type RmAddress } from "../../../src/appmaster/yarn/rm-failover.js";
import { RmSession, type RmClient } from "../../../src/appmaster/yarn/rm-session.js";
import { response as emptyResponse } from "./support.js";
import {
  RpcConnectionError,
  RpcRemoteError,
  type AllocateRequest,
  type AllocateResponse,
} from "../../../src/hadoop-rpc/index.js";

const ADDRS: RmAddress[] = [
  { host: "rm1", port: 8030 },
  { host: "rm2", port: 8030 },
];
const remote = (cls: string) => new RpcRemoteError(cls, `${cls} from the RM`, false, "ERROR_APPLICATION", "allocate");
const standby = () => remote("org.apache.hadoop.ipc.StandbyException");
const down = () => new RpcConnectionError("connect ECONNREFUSED");

const response = (responseId: number): AllocateResponse => emptyResponse({ responseId });

/** Per host, a script of allocate outcomes; records which host served each call and what it got. */
function fakeRms(scripts: Record<string, (Error | AllocateResponse)[]>) {
  const calls: { host: string; req?: AllocateRequest; method: string }[] = [];
  const opened: string[] = [];
  const closed: string[] = [];
  const open = (a: RmAddress): RmClient => {
    opened.push(a.host);
    const next = (method: string, req?: AllocateRequest) => {
      calls.push({ host: a.host, method, ...(req ? { req } : {}) });
      const r = scripts[a.host]!.shift();
      if (!r) throw down();
      if (r instanceof Error) throw r;
      return r;
    };
    return {
      registerApplicationMaster: async () => {
        next("register");
        return {
          maximumCapability: { memoryMb: 8192, vcores: 8 },
          queue: "default",
          containersFromPreviousAttempts: [],
          nmTokensFromPreviousAttempts: [],
          resourceTypes: [],
        };
      },
      allocate: async (req) => next("allocate", structuredClone(req)),
      finishApplicationMaster: async () => ({ isUnregistered: true }),
      close: () => closed.push(a.host),
    };
  };
  return { open, calls, opened, closed };
}

test("failover: a refused connection moves to the next RM, which then keeps the calls", async () => {
  const f = fakeRms({ rm1: [down()], rm2: [response(1), response(2)] });
  const lines: string[] = [];
  const rm = new FailoverRmClient(ADDRS, f.open, (l) => lines.push(l));
  assert.equal((await rm.allocate({ responseId: 0 })).responseId, 1);
  assert.equal((await rm.allocate({ responseId: 1 })).responseId, 2);
  assert.deepEqual(
    f.calls.map((c) => c.host),
    ["rm1", "rm2", "rm2"],
  );
  assert.deepEqual(f.closed, ["rm1"], "the failed connection is dropped");
  assert.equal(rm.address.host, "rm2");
  assert.match(lines[0]!, /rm1:8030 failed .*failing over to rm2:8030/);
});

test("failover: StandbyException fails over; the RM's other exceptions do not", async () => {
  const f = fakeRms({ rm1: [standby()], rm2: [remote("ApplicationMasterNotRegisteredException")] });
  const rm = new FailoverRmClient(ADDRS, f.open, () => {});
  await assert.rejects(
    rm.allocate({ responseId: 0 }),
    (e) => e instanceof RpcRemoteError && /NotRegistered/.test(e.message),
  );
  assert.deepEqual(
    f.calls.map((c) => c.host),
    ["rm1", "rm2"],
  );
  assert.equal(rm.address.host, "rm2", "stays on the RM that answered");
});

test("failover: once round the list per call, then the error goes up; the next call starts where it stopped", async () => {
  const f = fakeRms({ rm1: [down(), response(7)], rm2: [standby()] });
  const rm = new FailoverRmClient(ADDRS, f.open, () => {});
  await assert.rejects(rm.allocate({ responseId: 0 }), (e) => e instanceof RpcRemoteError);
  assert.equal((await rm.allocate({ responseId: 0 })).responseId, 7);
  assert.deepEqual(
    f.calls.map((c) => c.host),
    ["rm1", "rm2", "rm1"],
  );
  assert.deepEqual(f.opened, ["rm1", "rm2", "rm1"], "a fresh connection after a failure");
});

test("failover with the session: RM1 dies, RM2 (new active) lost the registration → re-register there and resend", async () => {
  const f = fakeRms({
    // Register takes one entry of the script too (its value is not used).
    rm1: [response(0), response(1), down()],
    rm2: [remote("ApplicationMasterNotRegisteredException"), response(0), response(1)],
  });
  const rm = new FailoverRmClient(ADDRS, f.open, () => {});
  const session = new RmSession(rm, {
    host: "h",
    rpcPort: 1,
    trackingUrl: "",
    rmTimeoutMs: 60_000,
    log: () => {},
    sleep: async () => {},
  });
  await session.register();
  assert.equal((await session.heartbeat([], 0)).responseId, 1);
  const r = await session.heartbeat([], 0);
  assert.equal(r.responseId, 1);
  assert.deepEqual(
    f.calls.map((c) => `${c.host}:${c.method}${c.req ? `#${c.req.responseId}` : ""}`),
    ["rm1:register", "rm1:allocate#0", "rm1:allocate#1", "rm2:allocate#1", "rm2:register", "rm2:allocate#0"],
  );
});

test("a heartbeat that heard the attempt is over answers SIGTERM's probe without asking the RM again", async () => {
  const f = fakeRms({
    rm1: [response(0), response(1), remote("org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException")],
    rm2: [],
  });
  const rm = new FailoverRmClient(ADDRS, f.open, () => {});
  const session = new RmSession(rm, { host: "h", rpcPort: 1, trackingUrl: "", rmTimeoutMs: 60_000, log: () => {} });
  await session.register();
  assert.equal(await session.attemptGone(1000), false, "the RM answers normally: the attempt is still on");
  f.calls.length = 0;
  await assert.rejects(session.heartbeat([], 0), /no longer knows this attempt/);
  session.close();
  assert.equal(await session.attemptGone(1000), true);
  assert.deepEqual(
    f.calls.map((c) => c.method),
    ["allocate"],
    "the probe after it made no call: the connection is closed by then",
  );
});

test("SIGTERM's probe in flight when the heartbeat hears the attempt is over: the probe answers gone", async () => {
  // Both allocates are on the one connection; the heartbeat's answer comes first and the session
  // closes the connection, so the probe's own call fails as a closed connection (CI saw this: the
  // staging dir was kept after a kill on the last attempt).
  const pending: { reject: (e: Error) => void }[] = [];
  const rm: RmClient = {
    registerApplicationMaster: async () => ({
      maximumCapability: { memoryMb: 8192, vcores: 8 },
      queue: "default",
      containersFromPreviousAttempts: [],
      nmTokensFromPreviousAttempts: [],
      resourceTypes: [],
    }),
    allocate: () => new Promise<AllocateResponse>((_resolve, reject) => pending.push({ reject })),
    finishApplicationMaster: async () => ({ isUnregistered: true }),
    close: () => {},
  };
  const session = new RmSession(rm, { host: "h", rpcPort: 1, trackingUrl: "", rmTimeoutMs: 60_000, log: () => {} });
  await session.register();
  const beat = session.heartbeat([], 0);
  const probe = session.attemptGone(5000);
  assert.equal(pending.length, 2, "the heartbeat's allocate and the probe's");
  pending[0]!.reject(remote("org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException"));
  await assert.rejects(beat, /no longer knows this attempt/);
  pending[1]!.reject(new RpcConnectionError("the connection was closed"));
  assert.equal(await probe, true);
});
