// The service/instance model: asks follow desired counts, dependencies gate requests, allocations
// match by priority and memory, completions apply the restart policy, outcomes end the app.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AppModel, priorityOrder } from "../../../src/appmaster/model.js";
import { outcomeOf } from "../../../src/appmaster/outcome.js";
import { pendingAsks } from "../../../src/appmaster/pending.js";
import { appSpec, launched, service, slot } from "./support.js";

function startAll(m: AppModel, name: string, memory = 512): string[] {
  const svc = m.service(name);
  const ids: string[] = [];
  for (let i = m.outstanding(svc); i > 0; i--) {
    const c = slot(svc.name, memory);
    launched(m, c, 1);
    ids.push(c.id);
  }
  return ids;
}

test("reconcile: desired instances become REQUESTED records with stable ids, one priority per service", () => {
  const m = new AppModel(appSpec({ a: service({ instances: 3 }), b: service({ instances: 1 }) }));
  assert.deepEqual(m.reconcile(), []);
  const a = m.service("a");
  assert.deepEqual(
    a.records.map((r) => [r.instanceId, r.state]),
    [
      ["a_0", "REQUESTED"],
      ["a_1", "REQUESTED"],
      ["a_2", "REQUESTED"],
    ],
  );
  assert.equal(m.outstanding(a), 3);
  assert.notEqual(a.rank, m.service("b").rank);
});

test("depends: a service stays WAITING until a dependency has run", () => {
  const m = new AppModel(appSpec({ sched: service(), work: service({ instances: 2, depends: ["sched"] }) }));
  m.reconcile();
  assert.deepEqual(
    m.service("work").records.map((r) => r.state),
    ["WAITING", "WAITING"],
  );
  assert.equal(m.outstanding(m.service("work")), 0);
  startAll(m, "sched");
  m.reconcile();
  assert.equal(m.outstanding(m.service("work")), 2);
});

test("assign: by service and memory; vcores=1 from the RM is accepted; surplus and small slots refused", () => {
  const m = new AppModel(appSpec({ a: service({ instances: 1, vcores: 4, memoryMiB: 1024 }) }));
  m.reconcile();
  assert.equal(m.assign(slot("a", 512)), undefined, "less memory than asked");
  assert.equal(m.assign(slot("other", 1024)), undefined, "unknown service");
  assert.equal(m.assign(slot(undefined, 1024)), undefined, "no service (a previous attempt's slot)");
  const c = slot("a", 1024, 1);
  const rec = m.assign(c);
  assert.equal(rec?.instanceId, "a_0");
  assert.equal(rec?.phase, "allocated");
  assert.equal(rec?.state, "REQUESTED");
  assert.equal(m.outstanding(m.service("a")), 0);
  assert.equal(m.assign(slot("a", 1024)), undefined, "nothing left to give it to");
  assert.throws(() => m.started(rec, 5), { code: "AM_ILLEGAL_TRANSITION" }, "started before launching");
  m.launching(rec);
  m.started(rec, 5);
  assert.equal(rec?.state, "RUNNING");
  assert.equal(m.recordOf(c.id), rec);
});

test("restarts: a failure uses one restart and the same instance id comes back; out of restarts fails the service", () => {
  const m = new AppModel(appSpec({ a: service({ instances: 2, restarts: 1 }) }));
  m.reconcile();
  const [id0] = startAll(m, "a");
  const ev = m.completed(id0!, 137, "", 10);
  assert.equal(ev?.completion.state, "FAILED");
  assert.equal(ev?.restarted, true);
  assert.equal(m.service("a").restartsUsed, 1);
  m.reconcile();
  const again = m.service("a").records.filter((r) => r.state === "REQUESTED");
  assert.deepEqual(
    again.map((r) => r.instanceId),
    ["a_0"],
  );
  const [id1] = startAll(m, "a");
  const ev2 = m.completed(id1!, 1, "", 20);
  assert.equal(ev2?.restarted, false);
  assert.match(m.service("a").failure ?? "", /a_0 exited with code 1/);
  const out = outcomeOf(m, ev2);
  assert.equal(out?.status, "FAILED");
  assert.match(out.diagnostics, /service 'a' failed: a_0 exited with code 1.*restarts used: 1 of 1/);
});

test("preemption is replaced without using a restart; allowFailures keeps the app going", () => {
  const m = new AppModel(appSpec({ a: service({ restarts: 0, allowFailures: true }), b: service() }));
  m.reconcile();
  const [a] = startAll(m, "a");
  startAll(m, "b");
  const ev = m.completed(a!, -102, "Container preempted by scheduler", 1);
  assert.equal(ev?.completion.state, "KILLED");
  assert.equal(ev?.restarted, true);
  assert.equal(m.service("a").restartsUsed, 0);
  m.reconcile();
  const [a2] = startAll(m, "a");
  const ev2 = m.completed(a2!, -104, "", 2);
  assert.match(ev2!.completion.reason, /physical memory limit \(512 MiB\)/);
  assert.equal(outcomeOf(m, ev2), undefined, "allow-failures: not the end");
  assert.equal(m.service("a").desired, 0);
});

test("scale-down: WAITING/unallocated asks go first, then the highest running instances; their completion is KILLED", () => {
  const m = new AppModel(appSpec({ a: service({ instances: 3 }) }));
  m.reconcile();
  startAll(m, "a");
  const svc = m.service("a");
  svc.desired = 5;
  m.reconcile();
  assert.equal(m.outstanding(svc), 2);
  svc.desired = 2;
  const stop = m.reconcile();
  assert.equal(m.outstanding(svc), 0, "pending asks cancelled first");
  assert.deepEqual(
    stop.map((r) => r.instanceId),
    ["a_2"],
  );
  const ev = m.completed(stop[0]!.containerId!, -105, "", 3);
  assert.equal(ev?.completion.state, "KILLED");
  assert.equal(ev?.restarted, false);
  m.reconcile();
  assert.equal(m.outstanding(svc), 0, "a stopped instance is not replaced");
});

test("outcome: the dask.client's exit sets the final status; all services done = SUCCEEDED", () => {
  const m = new AppModel(
    appSpec({
      "dask.scheduler": service({ script: undefined, role: "dask.scheduler" }),
      "dask.client": service({ script: undefined, role: "dask.client" }),
    }),
  );
  m.reconcile();
  startAll(m, "dask.scheduler");
  const [cl] = startAll(m, "dask.client");
  const ev = m.completed(cl!, 3, "", 1);
  assert.deepEqual(
    outcomeOf(m, ev, (id) => id === cl),
    {
      status: "FAILED",
      diagnostics:
        "the dask.client script ended with script exit code 3 (exited with code 3; see the container's logs)",
    },
  );
  const m2 = new AppModel(appSpec({ a: service({ instances: 2 }) }));
  m2.reconcile();
  const ids = startAll(m2, "a");
  assert.equal(outcomeOf(m2, m2.completed(ids[0]!, 0, "", 1)), undefined);
  assert.deepEqual(outcomeOf(m2, m2.completed(ids[1]!, 0, "", 2)), {
    status: "SUCCEEDED",
    diagnostics: "all services completed",
  });
});

test("outcome: a client container that ended before its script started, or was killed by YARN, has no script exit code", () => {
  const spec = appSpec({
    "dask.scheduler": service({ script: undefined, role: "dask.scheduler" }),
    "dask.client": service({ script: undefined, role: "dask.client" }),
  });
  const m = new AppModel(spec);
  m.reconcile();
  startAll(m, "dask.scheduler");
  const [cl] = startAll(m, "dask.client");
  assert.deepEqual(
    outcomeOf(m, m.completed(cl!, 1, "", 1), () => false),
    {
      status: "FAILED",
      diagnostics: "the dask.client script never started: its container exited with code 1; see the container's logs",
    },
  );
  const m2 = new AppModel(spec);
  m2.reconcile();
  startAll(m2, "dask.scheduler");
  const [cl2] = startAll(m2, "dask.client");
  const killed = outcomeOf(m2, m2.completed(cl2!, -104, "", 1), () => true);
  assert.equal(killed?.status, "FAILED");
  assert.match(killed?.diagnostics ?? "", /^the dask.client script failed: killed: physical memory limit/);
  assert.doesNotMatch(killed?.diagnostics ?? "", /script exit code/);
});

test("priorities: the scheduler and the client are served before workers, other services in between", () => {
  const spec = appSpec({
    "dask.worker": service({ script: undefined, role: "dask.worker" }),
    extra: service(),
    "dask.client": service({ script: undefined, role: "dask.client" }),
    "dask.scheduler": service({ script: undefined, role: "dask.scheduler" }),
    other: service(),
  });
  assert.deepEqual(
    [...priorityOrder(spec)],
    [
      ["dask.scheduler", 1],
      ["dask.client", 2],
      ["extra", 3],
      ["other", 4],
      ["dask.worker", 5],
    ],
  );
  const m = new AppModel(spec);
  assert.deepEqual([...m.services.keys()], ["dask.worker", "extra", "dask.client", "dask.scheduler", "other"]);
  assert.equal(m.service("dask.client").rank, 2);
});

test("a start that completes before startContainers answers stays completed", () => {
  const m = new AppModel(appSpec({ a: service({ restarts: -1 }) }));
  m.reconcile();
  const c = slot(m.service("a").name);
  const rec = m.assign(c)!;
  m.launching(rec);
  m.completed(c.id, 1, "", 1);
  m.started(rec, 2);
  assert.equal(rec.state, "FAILED");
});

test("pending asks: per service with its shape, and whether the RM's headroom has room for one", () => {
  const m = new AppModel(
    appSpec({
      s: service({ memoryMiB: 512 }),
      w: service({ instances: 3, memoryMiB: 1024, vcores: 2, depends: ["s"] }),
    }),
  );
  m.reconcile();
  assert.deepEqual(pendingAsks(m, undefined), [
    {
      service: "s",
      count: 1,
      memoryMiB: 512,
      vcores: 1,
      reason: "asked; no answer from the ResourceManager yet",
    },
  ]);
  startAll(m, "s");
  m.reconcile();
  assert.deepEqual(pendingAsks(m, { memoryMiB: 2048, vcores: 1 }), [
    {
      service: "w",
      count: 3,
      memoryMiB: 1024,
      vcores: 2,
      reason:
        "the queue has no room: YARN would give this application 2048 MiB and 1 vcores more, one container needs 1024 MiB and 2 vcores",
    },
  ]);
  assert.match(
    pendingAsks(m, { memoryMiB: 4096, vcores: 4 })[0]!.reason,
    /^asked; the queue has room \(4096 MiB, 4 vcores\)/,
  );
});
