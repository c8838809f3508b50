// The model under faults: containers the cluster takes away (lost nodes, failed disks, preemption)
// do not use restarts, memory kills are tallied for the final diagnostics, a dask app whose scheduler
// ended is FAILED, and large scales stay correct (their speed is measured in bench/am-scale.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyJournalCounts, journalOf, parseJournal } from "../../../src/appmaster/journal.js";
import { KeyValueStore } from "../../../src/appmaster/control/index.js";
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

test("the loss tally survives an AM restart: journaled, and a later attempt's losses add to it", () => {
  const APP = "application_1700000000000_0009";
  const spec = appSpec({ w: service({ instances: 3, restarts: -1, memoryMiB: 256 }) });
  const m = new AppModel(spec);
  const [a, b, c] = runAll(m, "w");
  m.completed(a!, -104, "Container killed on request. Exit code is 143", 2);
  m.completed(b!, -100, "Container released on a *lost* node", 2);
  m.completed(c!, -102, "preempted", 2);
  const text = JSON.stringify(journalOf(m, APP, 1, new KeyValueStore().snapshot(), 3));
  assert.deepEqual(JSON.parse(text).services.w.losses, { memory: 1, preempted: 1, node: 1 }, "in the journal");

  const m2 = new AppModel(spec);
  applyJournalCounts(m2, parseJournal(text, APP)!);
  const [d] = runAll(m2, "w");
  m2.completed(d!, -104, "Container killed on request. Exit code is 143", 4);
  assert.equal(
    lossesNote(m2),
    "2 w containers were killed for exceeding 256 MiB; 1 w container was preempted; 1 w container was lost with its node",
  );
});

test("a journal written before losses were kept restores none (and no error)", () => {
  const APP = "application_1700000000000_0010";
  const m = new AppModel(appSpec({ w: service({ instances: 1 }) }));
  const old = { version: 1, appId: APP, attempt: 1, writtenAt: 0, containers: [], kv: { revision: 0, entries: [] } };
  const text = JSON.stringify({ ...old, services: { w: { desired: 2, restartsUsed: 1, everRunning: true } } });
  applyJournalCounts(m, parseJournal(text, APP)!);
  assert.equal(m.service("w").desired, 2);
  assert.deepEqual(m.service("w").losses, { memory: 0, preempted: 0, node: 0 });
  assert.equal(lossesNote(m), "");
});

test("a journal's absurd or malformed count never reaches the model (the AM would allocate per instance)", () => {
  const APP = "application_1700000000000_0011";
  const base = { version: 1, appId: APP, attempt: 1, writtenAt: 0, containers: [], kv: { revision: 0, entries: [] } };
  for (const [desired, expected] of [
    [10_000_000, 100_000],
    [-5, 1],
    ["7", 1],
    [4, 4],
  ] as const) {
    const m = new AppModel(appSpec({ w: service({ instances: 1 }) }));
    const text = JSON.stringify({ ...base, services: { w: { desired, restartsUsed: 0, everRunning: true } } });
    applyJournalCounts(m, parseJournal(text, APP)!);
    assert.equal(m.service("w").desired, expected, `journal desired ${desired}`);
  }
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
    out.diagnostics,
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
