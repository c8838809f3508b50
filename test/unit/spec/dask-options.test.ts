// dask-yarn's deploy-mode, worker_class/worker_options and scheduler host/port/dashboard/options in
// the spec: what reaches the service wrapper (TSDASK_DASK_OPTIONS) and what the wrapper runs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { specFromYaml } from "../../../src/spec/index.js";
import { schedulerArgs, schedulerRunner, workerRunner } from "../../../src/service/dask-args.js";
import { roleSettings } from "../../../src/service/roles.js";

/** The decoded TSDASK_DASK_OPTIONS of a service (asserting it is set). */
function daskOptions(spec: ReturnType<typeof specFromYaml>, service: string): unknown {
  const text = spec.services[service]?.env.TSDASK_DASK_OPTIONS;
  assert.ok(text !== undefined, `${service} has TSDASK_DASK_OPTIONS`);
  return JSON.parse(Buffer.from(text, "base64").toString("utf8"));
}
const ENV = "environment: hdfs:///envs/dask.tar.gz\n";

test("deploy-mode local: no scheduler container, workers start without waiting for one", () => {
  const spec = specFromYaml(ENV + "deploy-mode: local\nworker: {count: 2}\n");
  assert.deepEqual(Object.keys(spec.services), ["dask.worker"]);
  assert.deepEqual(spec.services["dask.worker"]?.depends, []);
});

test("an unknown deploy-mode is refused naming the key", () => {
  assert.throws(
    () => specFromYaml(ENV + "deploy-mode: lokal\n"),
    (e: Error & { code?: string }) => e.code === "SPEC_VALUE" && /deploy-mode/.test(e.message),
  );
});

test("the default worker class and no options leave the worker's environment alone", () => {
  const spec = specFromYaml(ENV);
  const { "dask.worker": worker, "dask.scheduler": scheduler } = spec.services;
  assert.ok(worker && scheduler, "both dask services are there");
  assert.equal(worker.env.TSDASK_DASK_OPTIONS, undefined);
  assert.equal(scheduler.env.TSDASK_DASK_OPTIONS, undefined);
});

test("worker-class and worker-options (YAML map, nested) reach the worker as JSON", () => {
  const spec = specFromYaml(
    ENV + "worker:\n  worker-class: distributed.Worker\n  worker-options: {resources: {GPU: 2}, lifetime: 1h}\n",
  );
  const env = spec.services["dask.worker"]?.env ?? {};
  assert.deepEqual(daskOptions(spec, "dask.worker"), {
    workerClass: "distributed.Worker",
    options: { resources: { GPU: 2 }, lifetime: "1h" },
  });
  const settings = roleSettings<{ workerClass?: string; options?: Record<string, unknown> }>(env);
  const o = { scheduler: "tls://h:1", name: "dask.worker_0", nthreads: 2, memoryMiB: 1024, localDirectory: "/c" };
  assert.deepEqual(workerRunner(o, settings.workerClass, settings.options ?? {}), {
    class: "distributed.Worker",
    args: ["tls://h:1"],
    kwargs: {
      name: "dask.worker_0",
      nthreads: 2,
      memory_limit: "1024MiB",
      local_directory: "/c",
      resources: { GPU: 2 },
      lifetime: "1h",
    },
  });
});

test("worker-options as JSON text (a flag or env var) parse; other text is a type error", () => {
  const spec = specFromYaml(ENV + `worker: {worker-options: '{"nthreads": 3}'}\n`);
  assert.deepEqual(daskOptions(spec, "dask.worker"), { options: { nthreads: 3 } });
  assert.throws(
    () => specFromYaml(ENV + "worker: {worker-options: 'nthreads=3'}\n"),
    (e: Error & { code?: string }) => e.code === "SPEC_TYPE" && /worker-options/.test(e.message),
  );
});

test("scheduler host, port, dashboard-address and options become the scheduler's arguments", () => {
  const spec = specFromYaml(
    ENV + "scheduler: {port: 8786, dashboard-address: ':8787', scheduler-options: {idle_timeout: 3600}}\n",
  );
  const settings = daskOptions(spec, "dask.scheduler");
  assert.deepEqual(settings, { port: 8786, dashboardAddress: ":8787", options: { idle_timeout: 3600 } });
  const o = { host: "nm1", schedulerFile: "/c/s.json", tls: true, port: 8786, dashboardAddress: ":8787" };
  assert.deepEqual(schedulerArgs(o).slice(2), [
    "--host",
    "nm1",
    "--protocol",
    "tls",
    "--port",
    "8786",
    "--dashboard-address",
    ":8787",
    "--scheduler-file",
    "/c/s.json",
  ]);
  assert.deepEqual(schedulerRunner(o, settings.options).kwargs, {
    host: "nm1",
    protocol: "tls",
    port: 8786,
    dashboard: true,
    dashboard_address: ":8787",
    scheduler_file: "/c/s.json",
    idle_timeout: 3600,
  });
});

test("node-label, nodes, racks and relax-locality per dask role; the application's label otherwise", () => {
  const yaml = [
    "node-label: cpu",
    "scheduler: {node-label: edge, nodes: [nm1.example.com], relax-locality: false}",
    "worker: {racks: [/rack1, /rack2]}",
  ];
  const { services } = specFromYaml(ENV + yaml.join("\n"));
  const s = services["dask.scheduler"];
  assert.ok(s, "dask.scheduler is a service");
  assert.deepEqual([s.nodeLabel, s.nodes, s.relaxLocality], ["edge", ["nm1.example.com"], false]);
  const w = services["dask.worker"];
  assert.ok(w, "dask.worker is a service");
  assert.deepEqual([w.nodeLabel, w.racks, w.nodes, w.relaxLocality], ["cpu", ["/rack1", "/rack2"], [], true]);
});
