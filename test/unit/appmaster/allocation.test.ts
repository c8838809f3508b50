// Asks are absolute totals the RM replaces (docs/design.md §3): sent only when they change, mirrored down
// as containers arrive, cancelled with 0. The RM session echoes response ids and resyncs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AskTable, serviceAsks } from "../../../src/appmaster/yarn/asks.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { AttemptGoneError, RmSession } from "../../../src/appmaster/yarn/rm-session.js";
import { RpcRemoteError } from "../../../src/hadoop-rpc/index.js";
import { appSpec, container, fakeRm, response, service, want } from "./support.js";

test("asks: absolute counts, sent only on change, mirrored down on allocation, cancelled with 0", () => {
  const m = new AppModel(appSpec({ a: service({ instances: 3, memoryMiB: 2048, vcores: 2 }) }));
  const svc = m.service("a");
  const t = new AskTable();
  const first = t.changes([want(svc, 3)]);
  assert.deepEqual(first, [
    {
      priority: svc.rank,
      resourceName: "*",
      capability: { memoryMb: 2048, vcores: 2 },
      numContainers: 3,
      relaxLocality: true,
    },
  ]);
  t.committed(first);
  assert.equal(t.pending, true);
  assert.deepEqual(t.changes([want(svc, 3)]), [], "same total: nothing to send");
  t.allocated(svc.rank, 2);
  assert.deepEqual(t.changes([want(svc, 1)]), [], "the RM lowered its count itself");
  t.allocated(svc.rank, 1);
  assert.equal(t.pending, false);
  const more = t.changes([want(svc, 2)]);
  assert.equal(more[0]?.numContainers, 2, "scale-up: the new total");
  t.committed(more);
  const cancel = t.changes([want(svc, 0)]);
  assert.equal(cancel[0]?.numContainers, 0, "scale-down cancels with 0");
  t.committed(cancel);
  t.forget();
  assert.equal(t.changes([want(svc, 0)]).length, 0, "0 after a resync: the RM holds none anyway");
});

test("asks: nodes and racks add their own entries; '*' strict unless relaxLocality; label on '*' only", () => {
  const m = new AppModel(
    appSpec({ a: service({ nodes: ["n1"], racks: ["/r1"], relaxLocality: false, nodeLabel: "gpu" }) }),
  );
  const asks = serviceAsks(want(m.service("a"), 2));
  assert.deepEqual(
    asks.map((a) => [a.resourceName, a.numContainers, a.relaxLocality, a.nodeLabelExpression]),
    [
      ["n1", 2, true, undefined],
      ["/r1", 2, true, undefined],
      ["*", 2, false, "gpu"],
    ],
  );
});

const opts = { host: "h", rpcPort: 1, trackingUrl: "", rmTimeoutMs: 5_000, log: () => {}, sleep: async () => {} };

test("session: echoes the response id, resends releases after a failed call, resyncs on NotRegistered", async () => {
  const m = new AppModel(appSpec({ a: service({ instances: 2 }) }));
  const svc = m.service("a");
  const notRegistered = new RpcRemoteError(
    "org.apache.hadoop.yarn.exceptions.ApplicationMasterNotRegisteredException",
    "AM should re-register.",
    false,
    "ERROR_APPLICATION",
    "allocate",
  );
  const f = fakeRm([
    () => response({ responseId: 1, allocatedContainers: [container(svc.rank)] }),
    () => new Error("connection reset"),
    () => notRegistered,
    () => response({ responseId: 1 }),
  ]);
  const s = new RmSession(f.rm, opts);
  await s.register();
  await s.heartbeat([want(svc, 2)], 0);
  assert.equal(f.calls[0]?.responseId, 0);
  assert.equal(f.calls[0]?.ask?.[0]?.numContainers, 2);
  const released = container(svc.rank).id;
  s.release(released);
  await s.heartbeat([want(svc, 1)], 0.5);
  assert.equal(f.calls[1]?.responseId, 1);
  assert.deepEqual(f.calls[1]?.ask, [], "1 outstanding is what the RM holds after one allocation");
  assert.deepEqual(f.calls[2]?.release, [released], "a failed call's releases go out again");
  assert.equal(f.registers(), 2, "re-registered");
  assert.equal(f.calls[3]?.responseId, 0, "response ids start again after register");
  assert.equal(f.calls[3]?.ask?.[0]?.numContainers, 1, "all asks resent after a resync");
});

test("session: an unknown attempt ends the AM; an RM silent for longer than the limit too", async () => {
  const gone = new RpcRemoteError(
    "org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException",
    "x",
    false,
    undefined,
    "allocate",
  );
  const s = new RmSession(fakeRm([() => gone]).rm, opts);
  await assert.rejects(s.heartbeat([], 0), AttemptGoneError);
  let t = 0;
  const down = fakeRm(Array.from({ length: 10 }, () => () => new Error("refused")));
  const s2 = new RmSession(down.rm, { ...opts, now: () => t, sleep: async () => void (t += 1000) });
  await assert.rejects(s2.heartbeat([], 0), { code: "AM_RM_UNREACHABLE" });
});
