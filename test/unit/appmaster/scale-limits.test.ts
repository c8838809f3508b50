// Scale refusals: singleton services (the dask scheduler and client roles, or singleton: true) and
// counts above the most the queue has let the application hold; and the journal write a scale
// waits for before it is acknowledged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DebouncedWriter } from "../../../src/appmaster/journal.js";
import { AppModel } from "../../../src/appmaster/model.js";
import { heldMb, isSingleton, othersMb, QueueCeiling, scaleRefusal } from "../../../src/appmaster/scale-limits.js";
import { appSpec, service, slot } from "./support.js";

function ceiling(headroomMb: number, heldMb: number): QueueCeiling {
  const c = new QueueCeiling();
  c.observe(headroomMb, heldMb);
  return c;
}

test("singletons: the dask scheduler and client roles and singleton: true; workers are not", () => {
  assert.equal(isSingleton(service({ role: "dask.scheduler", script: undefined })), true);
  assert.equal(isSingleton(service({ role: "dask.client", script: undefined })), true);
  assert.equal(isSingleton(service({ singleton: true })), true);
  assert.equal(isSingleton(service({ role: "dask.worker", script: undefined })), false);
  assert.equal(isSingleton(service()), false);
});

test("a singleton cannot be scaled, up or to 0; its own count is accepted", () => {
  const sched = service({ role: "dask.scheduler", script: undefined });
  const room = { queue: "default", ceiling: new QueueCeiling(), othersMb: 0 };
  for (const n of [0, 2]) {
    const e = scaleRefusal("dask.scheduler", sched, 1, n, room);
    assert.equal(e?.code, "AM_SINGLETON_SERVICE");
    assert.match(e.message, /service 'dask.scheduler' is the dask.scheduler service .* cannot be scaled to /);
  }
  assert.equal(scaleRefusal("dask.scheduler", sched, 1, 1, room), undefined);
});

test("above the queue: refused with the numbers; below, equal, downwards and before any heartbeat: accepted", () => {
  const w = service({ memoryMiB: 1024 });
  // Headroom 6 GiB + 2 GiB held = 8 GiB; the AM and a scheduler need 1.5 GiB: 6 workers of 1 GiB fit.
  const room = { queue: "default", ceiling: ceiling(6144, 2048), othersMb: 1536 };
  const e = scaleRefusal("dask.worker", w, 2, 100_000, room);
  assert.equal(e?.code, "AM_SCALE_ABOVE_QUEUE");
  assert.equal(
    e.message,
    "100000 × 1 GiB of 'dask.worker' is more than queue 'default' can ever give: it has let this application hold " +
      "at most 8 GiB, 1536 MiB of it for the ApplicationMaster and the other services, so at most 6 instances of " +
      "1 GiB fit. Scale to 6 or fewer, or use a bigger queue.",
  );
  assert.equal(scaleRefusal("dask.worker", w, 2, 6, room), undefined);
  assert.equal(scaleRefusal("dask.worker", w, 9, 8, room), undefined, "scaling down is never refused");
  const early = { ...room, ceiling: new QueueCeiling() };
  assert.equal(scaleRefusal("dask.worker", w, 2, 100_000, early), undefined, "no guess before the RM answered");
});

test("the ceiling is the largest headroom + held seen: a busy moment does not lower it", () => {
  const c = ceiling(8192, 1024);
  c.observe(0, 2048);
  assert.equal(c.memoryMb, 9216);
});

test("sync: written when it resolves, after a write under way; a failed write rejects", async () => {
  const order: string[] = [];
  let fail = false;
  let release!: () => void;
  const w = new DebouncedWriter(
    async () => {
      order.push("start");
      if (order.length === 1) await new Promise<void>((r) => (release = r));
      if (fail) throw new Error("disk full");
      order.push("end");
    },
    60_000,
    () => undefined,
  );
  w.changed();
  const flushing = w.flush();
  const now = w.sync();
  release();
  await flushing;
  await now;
  assert.deepEqual(order, ["start", "end", "start", "end"], "the second write starts after the first ended");
  fail = true;
  await assert.rejects(w.sync(), /disk full/);
});

test("heldMb counts the AM and allocated containers; othersMb the AM and the other services' desired counts", () => {
  const m = new AppModel(appSpec({ s: service({ memoryMiB: 1024 }), w: service({ instances: 3, memoryMiB: 512 }) }));
  m.reconcile();
  m.assign(slot("w", 512));
  assert.equal(heldMb(m), 256 + 512, "the AM (256 MiB) and the one allocated worker");
  assert.equal(othersMb(m, "w"), 256 + 1024);
  assert.equal(othersMb(m, "s"), 256 + 3 * 512);
});
