// The model under faults: containers the cluster takes away (lost nodes, failed disks, preemption)
// do not use restarts, memory kills are tallied for the final diagnostics, a dask app whose scheduler
// ended is FAILED, and large scales stay correct (their speed is measured in bench/am-scale.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { AppModel } from "../../../src/appmaster/model.js";
import { lossesNote, outcomeOf } from "../../../src/appmaster/outcome.js";
import { appSpec, launched, service, slot } from "./support.js";

function runAll(m: AppModel, name: string): string[] {
  m.reconcile();
  const svc = m.service(name);
  const ids: string[] = [];
  for (let i = m.outstanding(svc); i > 0; i--) {
    const c = slot(svc.name, svc.spec.memoryMiB);
    launched(m, c, 1);
    ids.push(c.id);
  }
  return ids;
}

test("node loss: ABORTED (-100) and DISKS_FAILED (-101) are replaced without using a restart", () => {
  const m = new AppModel(appSpec({ w: service({ instances: 2, restarts: 0 }) }));
  const [a, b] = runAll(m, "w");
  const lost = m.completed(a!, -100, "Container released on a *lost* node", 2)!;
  const disks = m.completed(b!, -101, "disks failed", 2)!;
  assert.equal(lost.completion.state, "KILLED");
  assert.equal(lost.restarted, true);
  assert.equal(disks.restarted, true);
  assert.match(lost.completion.reason, /node was lost/);
  assert.equal(m.service("w").restartsUsed, 0);
  assert.equal(outcomeOf(m, lost), undefined, "the app keeps running");
  m.reconcile();
  assert.equal(m.outstanding(m.service("w")), 2, "both instances asked for again");
  assert.equal(lossesNote(m), "2 w containers were lost with their nodes");
});

test("memory kills use restarts and are named in the final diagnostics with the limit", () => {
  const m = new AppModel(appSpec({ "dask.worker": service({ instances: 4, restarts: -1, memoryMiB: 512 }) }));
  const ids = runAll(m, "dask.worker");
  for (const id of ids) m.completed(id, -104, "Container killed on request. Exit code is 143", 3);
  assert.equal(m.service("dask.worker").restartsUsed, 4);
  const c = runAll(m, "dask.worker")[0]!;
  m.completed(c, -102, "preempted", 4);
  assert.equal(
    lossesNote(m),
    "4 dask.worker containers were killed for exceeding 512 MiB; 1 dask.worker container was preempted",
  );
});

test("a dask scheduler that ends (even with exit 0) fails the application: the dask cluster is gone", () => {
  const m = new AppModel(
    appSpec({
      "dask.scheduler": service({ role: "dask.scheduler", script: undefined }),
      "dask.worker": service({ role: "dask.worker", script: undefined, instances: 2, depends: ["dask.scheduler"] }),
    }),
  );
  const [s] = runAll(m, "dask.scheduler");
  runAll(m, "dask.worker");
  const ev = m.completed(s!, 0, "", 5)!;
  const out = outcomeOf(m, ev);
  assert.equal(out?.status, "FAILED");
  assert.match(
    out!.diagnostics,
    /dask scheduler dask\.scheduler_0 ended \(exited with code 0\); the dask cluster is gone/,
  );
});

test("scale to 20,000 and back: stable ids, lowest free indexes, the right records stopped", () => {
  const m = new AppModel(appSpec({ w: service({ instances: 3, allowFailures: true }) }));
  const first = runAll(m, "w");
  m.completed(first[1]!, 1, "", 2); // no restarts: w_1 is gone for good, desired drops to 2
  const svc = m.service("w");
  svc.desired = 20_000;
  assert.deepEqual(m.reconcile(), []);
  assert.equal(m.outstanding(svc), 19_998);
  const active = svc.records.filter((r) => r.state !== "FAILED");
  assert.deepEqual(
    active.map((r) => r.index).sort((a, b) => a - b),
    Array.from({ length: 20_000 }, (_, i) => i),
    "indexes 0..19999, w_1 reused",
  );
  // Allocations go to the lowest indexes first.
  const c = slot(svc.name);
  assert.equal(m.assign(c)?.instanceId, "w_1");
  svc.desired = 2;
  const stopped = m.reconcile();
  assert.deepEqual(
    stopped.map((r) => r.instanceId),
    ["w_2"],
    "19,997 unallocated asks dropped first, then the highest index holding a container",
  );
  assert.equal(m.outstanding(svc), 0);
});

test("history of completed records is bounded after a burst of completions", () => {
  const m = new AppModel(appSpec({ w: service({ instances: 500, restarts: -1 }) }));
  for (const id of runAll(m, "w")) m.completed(id, 1, "", 2);
  const done = m.service("w").records.filter((r) => r.state === "FAILED").length;
  assert.ok(done <= 100, `kept ${done} completed records`);
  assert.ok(done >= 50);
});
