// adapt() through the control API on a running AM: a cluster started without adaptive limits
// starts polling the scheduler's adaptive target, new limits replace old ones, and a later manual
// scale turns it off again (dask-yarn's YarnCluster.adapt / scale semantics).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DaskWatch } from "../../../src/appmaster/dask-watch.js";
import { appSpec, service } from "./support.js";

function harness(adaptive?: { minimum: number; maximum: number }) {
  const calls: string[] = [];
  const scales: [string, number][] = [];
  const answers = { target: 0 };
  const desired = new Map([["dask.worker", 2]]);
  const spec = appSpec({
    "dask.worker": service({ role: "dask.worker", script: undefined, ...(adaptive ? { adaptive } : {}) }),
  });
  const watch = new DaskWatch({
    spec,
    secret: "s3cret",
    dashboard: () => "http://sched:8787",
    desired: (s) => desired.get(s)!,
    scale: (s, n) => {
      scales.push([s, n]);
      desired.set(s, n);
    },
    idle: () => {},
    log: () => {},
    fetchImpl: (async (url: string) => {
      calls.push(new URL(url).pathname);
      return new Response(JSON.stringify({ workers: answers.target }));
    }) as typeof fetch,
    intervalMs: 1e9, // the test drives tick() itself
  });
  return { watch, calls, scales, answers };
}

test("adapt on an AM started without adaptive limits starts polling and clamps to the limits", async () => {
  const h = harness();
  h.watch.start();
  await h.watch.tick();
  assert.deepEqual(h.calls, ["/api/v1/get_workers"], "only the worker count yet");
  h.watch.adapt("dask.worker", { minimum: 3, maximum: 5 });
  assert.equal(h.watch.isAdaptive("dask.worker"), true);
  h.answers.target = 0; // below the minimum: raised to it at once
  await h.watch.tick();
  assert.deepEqual(h.scales, [["dask.worker", 3]]);
  h.answers.target = 9; // above the maximum: capped
  await h.watch.tick();
  assert.deepEqual(h.scales.at(-1), ["dask.worker", 5]);
  h.watch.manualScale("dask.worker");
  assert.equal(h.watch.isAdaptive("dask.worker"), false);
  h.watch.stop();
});

test("adapt replaces the limits from the spec", async () => {
  const h = harness({ minimum: 1, maximum: 2 });
  h.watch.start();
  h.watch.adapt("dask.worker", { minimum: 0, maximum: 8 });
  h.answers.target = 7;
  await h.watch.tick();
  assert.deepEqual(h.scales, [["dask.worker", 7]]);
  h.watch.stop();
});

test("adapt before the AM runs only records the limits; start() begins polling", async () => {
  const h = harness();
  h.watch.adapt("dask.worker", { minimum: 1, maximum: 4 });
  await h.watch.tick();
  assert.deepEqual(h.calls, [], "no timer before start()");
  h.watch.start();
  h.answers.target = 4;
  await h.watch.tick();
  assert.deepEqual(h.scales, [["dask.worker", 4]]);
  h.watch.stop();
});
