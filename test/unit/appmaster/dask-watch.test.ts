// The poller between the AM and the dask scheduler's HTTP API, on a fake fetch: bearer secret on
// every call, adaptive scales through the callback, a manual scale turns adaptive off, the idle
// timeout ends the application once, and a failing scheduler changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DaskWatch, type DaskWatchDeps } from "../../../src/appmaster/dask-watch.js";
import { appSpec, service } from "./support.js";

interface Harness {
  watch: DaskWatch;
  calls: string[];
  scales: [string, number][];
  idles: string[];
  answers: { target: unknown; idleSince: unknown; status: number };
  clock: { now: number };
  desired: Map<string, number>;
}

function harness(over: { adaptive?: boolean; idle?: number; dashboard?: string } = {}): Harness {
  const calls: string[] = [];
  const scales: [string, number][] = [];
  const idles: string[] = [];
  const answers = { target: 1 as unknown, idleSince: null as unknown, status: 200 };
  const clock = { now: 0 };
  const desired = new Map([["dask.worker", 1]]);
  const spec = {
    ...appSpec({
      "dask.worker": service({
        role: "dask.worker",
        script: undefined,
        ...(over.adaptive === false ? {} : { adaptive: { minimum: 1, maximum: 3 } }),
      }),
    }),
    ...(over.idle ? { idleTimeoutSeconds: over.idle } : {}),
  };
  const fetchImpl = (async (url: string, init: RequestInit) => {
    assert.equal((init.headers as Record<string, string>).Authorization, "Bearer s3cret-s3cret-s3cret");
    calls.push(new URL(url).pathname);
    const body = url.endsWith("get_workers")
      ? { num_workers: 2, workers: [{ name: "dask.worker_0" }, { name: "dask.worker_1" }] }
      : url.endsWith("adaptive_target")
        ? { workers: answers.target }
        : { idle_since: answers.idleSince };
    return new Response(JSON.stringify(body), { status: answers.status });
  }) as typeof fetch;
  const deps: DaskWatchDeps = {
    spec,
    secret: "s3cret-s3cret-s3cret",
    dashboard: () => ("dashboard" in over ? over.dashboard : "http://sched:8787/"),
    desired: (s) => desired.get(s)!,
    scale: (s, n) => {
      scales.push([s, n]);
      desired.set(s, n);
    },
    idle: (d) => idles.push(d),
    log: () => {},
    fetchImpl,
    intervalMs: 1e9, // the test drives tick() itself
    now: () => clock.now,
  };
  const watch = new DaskWatch(deps);
  watch.start();
  return { watch, calls, scales, idles, answers, clock, desired };
}

test("dask watch: adaptive target scales up at once and down after three polls", async () => {
  const h = harness();
  h.answers.target = 5;
  await h.watch.tick();
  assert.deepEqual(h.scales, [["dask.worker", 3]]);
  assert.deepEqual(h.calls, ["/api/v1/get_workers", "/api/v1/adaptive_target"]);
  h.answers.target = 0;
  await h.watch.tick();
  await h.watch.tick();
  assert.equal(h.scales.length, 1);
  await h.watch.tick();
  assert.deepEqual(h.scales.at(-1), ["dask.worker", 1]);
  h.watch.stop();
});

test("dask watch: a manual scale turns adaptive off for that service", async () => {
  const h = harness();
  assert.equal(h.watch.isAdaptive("dask.worker"), true);
  h.watch.manualScale("dask.worker");
  assert.equal(h.watch.isAdaptive("dask.worker"), false);
  h.answers.target = 3;
  await h.watch.tick();
  assert.deepEqual(h.scales, []);
  assert.deepEqual(h.calls, ["/api/v1/get_workers"], "only the registered workers are counted");
  h.watch.stop();
});

test("dask watch: nothing is polled before the scheduler published its dashboard", async () => {
  const h = harness({ dashboard: undefined });
  await h.watch.tick();
  assert.deepEqual(h.calls, []);
});

test("dask watch: workers registered with the scheduler go into the status report ('ready' counts those)", async () => {
  const h = harness({ adaptive: false });
  assert.equal(h.watch.active, true, "an application with dask workers is always watched");
  const report = { application: {} as never, services: [], dask: { schedulerAddress: "tcp://h:1" }, generatedAt: 0 };
  assert.equal(h.watch.annotate(report).dask?.workers, undefined, "not asked yet: no count");
  await h.watch.tick();
  assert.deepEqual(h.calls, ["/api/v1/get_workers"]);
  assert.deepEqual(h.watch.annotate(report).dask, { schedulerAddress: "tcp://h:1", workers: 2 });
  h.watch.stop();
});

test("dask watch: idle timeout ends the application once, with the diagnostic", async () => {
  const h = harness({ adaptive: false, idle: 5 });
  h.answers.idleSince = 1234.5;
  await h.watch.tick();
  h.clock.now = 4_000;
  await h.watch.tick();
  assert.deepEqual(h.idles, []);
  h.clock.now = 5_000;
  await h.watch.tick();
  assert.deepEqual(h.idles, ["idle for 5 s (no dask tasks)"]);
  h.clock.now = 9_000;
  await h.watch.tick();
  assert.equal(h.idles.length, 1, "stopped after firing");
});

test("dask watch: a scheduler answering errors neither scales nor counts as idle", async () => {
  const h = harness({ idle: 5 });
  h.answers.idleSince = 10;
  await h.watch.tick();
  h.answers.status = 500;
  h.clock.now = 3_000;
  await h.watch.tick();
  h.answers.status = 200;
  h.clock.now = 6_000;
  await h.watch.tick();
  assert.deepEqual(h.idles, [], "the idle count restarted after the failed poll");
  assert.deepEqual(h.scales, []);
  h.watch.stop();
});

test("dask watch: the status report carries the adaptive limits until a manual scale", () => {
  const h = harness();
  const report = {
    application: {} as never,
    services: [{ name: "dask.worker", desiredInstances: 1 } as never],
    generatedAt: 0,
  };
  assert.deepEqual(h.watch.annotate(report).services[0]!.adaptive, { minimum: 1, maximum: 3 });
  h.watch.manualScale("dask.worker");
  assert.equal(h.watch.annotate(report).services[0]!.adaptive, undefined);
  h.watch.stop();
});
