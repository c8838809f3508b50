// YarnBackend: the AM's slots over the RM's containers. Wants become absolute asks at the service's
// rank (priority), allocated containers come back as slots of the service that asked at that
// priority, completions/nodes/headroom are translated, start and stop reach the NodeManager with
// the container the RM gave, a release goes out with the next allocate, previous-attempt containers
// carry no service.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LaunchDescription } from "../../../src/appmaster/backend.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { YarnBackend } from "../../../src/appmaster/yarn/yarn-backend.js";
import type { Container, ContainerLaunchContext } from "../../../src/hadoop-rpc/index.js";
import { appSpec, container, fakeRm, idOf, response, service, want } from "./support.js";

function fakeNms() {
  const calls: string[] = [];
  const contexts: ContainerLaunchContext[] = [];
  return {
    calls,
    contexts,
    nms: {
      addTokens: (t: readonly unknown[]) => void calls.push(`tokens ${t.length}`),
      start: async (c: Container, ctx: ContainerLaunchContext) => {
        calls.push(`start ${idOf(c)} on ${c.nodeId.host}:${c.nodeId.port}`);
        contexts.push(ctx);
      },
      stop: async (c: Container) => void calls.push(`stop ${idOf(c)}`),
      close: () => void calls.push("close"),
    },
  };
}

const LAUNCH: LaunchDescription = {
  files: { tsdask: { source: "/c/tsdask.tar.gz", size: 3, timestamp: 4, type: "archive", visibility: "private" } },
  env: { A: "1" },
  command: ["bash", "x y.sh"],
};

test("yarn backend: wants as asks, containers as slots of the asking service, completions, nodes, headroom", async () => {
  const m = new AppModel(appSpec({ s: service(), w: service({ instances: 2, memoryMiB: 1024 }) }));
  const [s, w] = [m.service("s"), m.service("w")];
  const old = container(9, 512, 1, "nm0");
  const got = container(w.rank, 1024, 1, "nm2");
  const rm = fakeRm(
    [
      () =>
        response({
          responseId: 1,
          allocatedContainers: [got],
          limit: { memoryMb: 3072, vcores: 3 },
          updatedNodes: [{ nodeId: { host: "nm3", port: 45454 }, state: "LOST", healthReport: "gone" }],
        }),
      () =>
        response({
          responseId: 2,
          completedContainerStatuses: [{ containerId: got.id, state: "COMPLETE", diagnostics: "d", exitStatus: -100 }],
        }),
    ],
    [old],
  );
  const nm = fakeNms();
  const b = new YarnBackend({ rm: rm.rm, nms: nm.nms, defaultFs: "hdfs://nn:8020", log: () => {} });
  const reg = await b.register({ host: "am", port: 1, trackingUrl: "http://am:1/" });
  assert.deepEqual(reg.previous, [
    {
      id: idOf(old),
      host: "nm0",
      nodeId: "nm0:45454",
      nodeHttpAddress: "nm0:8042",
      resource: { memoryMiB: 512, vcores: 1 },
    },
  ]);
  const r = await b.sync([want(s, 0), want(w, 2)], 0.5);
  assert.deepEqual(
    rm.calls[0]?.ask?.map((a) => [a.priority, a.numContainers, a.capability.memoryMb]),
    [[w.rank, 2, 1024]],
    "only the changed want, at the service's rank",
  );
  assert.deepEqual(r.allocated, [
    {
      id: idOf(got),
      service: "w",
      host: "nm2",
      nodeId: "nm2:45454",
      nodeHttpAddress: "nm2:8042",
      resource: { memoryMiB: 1024, vcores: 1 },
    },
  ]);
  assert.deepEqual(r.nodes, [{ nodeId: "nm3:45454", state: "LOST", healthReport: "gone" }]);
  assert.deepEqual(r.headroom, { memoryMiB: 3072, vcores: 3 });
  assert.equal(r.owes, true, "one of two still owed");

  await b.start(r.allocated[0]!, LAUNCH);
  assert.equal(nm.calls.at(-1), `start ${idOf(got)} on nm2:45454`);
  assert.deepEqual(nm.contexts[0]?.commands, ["bash 'x y.sh' 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr"]);
  assert.equal(nm.contexts[0]?.localResources?.tsdask?.visibility, "PRIVATE");
  b.release(idOf(old));
  const r2 = await b.sync([want(s, 0), want(w, 1)], 0.5);
  assert.deepEqual(rm.calls[1]?.release, [old.id], "the release goes with the next allocate");
  assert.deepEqual(r2.completed, [{ slotId: idOf(got), exitStatus: -100, diagnostics: "d" }]);
  await assert.rejects(b.stop(r.allocated[0]!), /completed or was never allocated/, "a completed slot is the RM's");
  assert.ok(await b.finish("SUCCEEDED", "ok"));
  b.close();
  assert.equal(nm.calls.at(-1), "close");
});
