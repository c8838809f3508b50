// The dask shorthand expands into the services dask-yarn would generate, plus generic services.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadSpec, specFromYaml } from "../../../src/spec/index.js";

const ENV = "environment: hdfs:///envs/dask.tar.gz\n";

test("scheduler and worker sections become dask.scheduler and dask.worker", () => {
  const spec = specFromYaml(
    ENV +
      "node-label: gpu\nscheduler: {memory: 1 GiB}\nworker: {count: 3, vcores: 2, memory: 6GiB, gpus: 1, restarts: 5, env: {X: 1}}\n",
  );
  assert.deepEqual(Object.keys(spec.services), ["dask.scheduler", "dask.worker"]);
  const s = spec.services["dask.scheduler"];
  assert.ok(s, "dask.scheduler is a service");
  assert.equal(s.role, "dask.scheduler");
  assert.equal(s.instances, 1);
  assert.equal(s.restarts, 0);
  assert.equal(s.memoryMiB, 1024);
  assert.deepEqual(s.depends, []);
  assert.equal(s.nodeLabel, "gpu");
  const w = spec.services["dask.worker"];
  assert.ok(w, "dask.worker is a service");
  assert.deepEqual(
    { instances: w.instances, vcores: w.vcores, memoryMiB: w.memoryMiB, restarts: w.restarts },
    { instances: 3, vcores: 2, memoryMiB: 6144, restarts: 5 },
  );
  assert.deepEqual(w.resources, { "yarn.io/gpu": 1 });
  assert.deepEqual(w.env, { X: "1" });
  assert.deepEqual(w.depends, ["dask.scheduler"]);
  assert.equal(w.script, undefined);
});

test("worker defaults follow dask-yarn: 0 workers, 1 vcore, 2 GiB, unlimited restarts", () => {
  const w = specFromYaml(ENV).services["dask.worker"];
  assert.ok(w, "dask.worker is a service");
  assert.deepEqual(
    { instances: w.instances, vcores: w.vcores, memoryMiB: w.memoryMiB, restarts: w.restarts, relax: w.relaxLocality },
    { instances: 0, vcores: 1, memoryMiB: 2048, restarts: -1, relax: true },
  );
  assert.equal("adaptive" in w, false);
});

test("a script adds dask.client with the script staged under its basename", () => {
  const { spec } = loadSpec({
    env: { TSDASK_YARN_ENVIRONMENT: "/envs/e.tgz", TSDASK_YARN_CLIENT_MEMORY: "1 GiB" },
    homeDir: "/nonexistent-home",
    cwd: "/work/jobs",
    script: { path: "sub/job.py", args: ["--n", "10"] },
  });
  assert.deepEqual(Object.keys(spec.services), ["dask.scheduler", "dask.worker", "dask.client"]);
  const c = spec.services["dask.client"];
  assert.ok(c, "dask.client is a service");
  assert.equal(c.role, "dask.client");
  assert.equal(c.instances, 1);
  assert.equal(c.restarts, 0);
  assert.equal(c.memoryMiB, 1024);
  assert.deepEqual(c.depends, ["dask.scheduler"]);
  assert.deepEqual(c.clientScript, { path: "/work/jobs/sub/job.py", args: ["--n", "10"] });
  assert.deepEqual(c.files, { "job.py": { source: "/work/jobs/sub/job.py", type: "file" } });
});

test("no script, no dask.client", () => {
  assert.equal("dask.client" in specFromYaml(ENV + "client: {memory: 4 GiB}\n").services, false);
});

test("adaptive accepts a map or MIN:MAX", () => {
  const a = specFromYaml(ENV + "worker: {adaptive: {minimum: 2, maximum: 8}}\n").services["dask.worker"]?.adaptive;
  const b = specFromYaml(ENV + "worker: {adaptive: '2:8'}\n").services["dask.worker"]?.adaptive;
  assert.deepEqual(a, { minimum: 2, maximum: 8 });
  assert.deepEqual(b, a);
});

test("only services: configured → only those run (dask: auto)", () => {
  const spec = specFromYaml("services:\n  web: {script: ./serve, instances: 2}\n  db: {script: ./db}\n");
  assert.deepEqual(Object.keys(spec.services), ["web", "db"]);
});

test("services beside the dask sections keep their written order after the dask ones", () => {
  const spec = specFromYaml(
    ENV + "worker: {count: 1}\nservices:\n  zz: {script: a}\n  aa: {script: b, depends: [dask.scheduler]}\n",
  );
  assert.deepEqual(Object.keys(spec.services), ["dask.scheduler", "dask.worker", "zz", "aa"]);
  assert.deepEqual(spec.services.aa?.depends, ["dask.scheduler"]);
});

test("dask: true forces the dask services; dask: false drops them", () => {
  assert.ok("dask.scheduler" in specFromYaml(ENV + "dask: true\nservices: {web: {script: x}}\n").services);
  assert.deepEqual(Object.keys(specFromYaml("dask: false\nservices: {web: {script: x}}\n").services), ["web"]);
});

test("a generic service gets Skein-like defaults and its own fields", () => {
  const spec = specFromYaml(
    [
      "node-label: base",
      "services:",
      "  web:",
      "    script: python app.py",
      "    memory: 512 MiB",
      "    resources: {yarn.io/fpga: 1}",
      "    files: {app.py: /srv/app.py, data: hdfs:///d/data.tar.gz, raw: {source: /srv/x.zip, type: file}}",
      "    nodes: [n1, n2]",
      "    relax-locality: false",
      "    allow_failures: true",
      "",
    ].join("\n"),
  );
  const w = spec.services.web;
  assert.ok(w, "web is a service");
  assert.equal(w.instances, 1);
  assert.equal(w.vcores, 1);
  assert.equal(w.memoryMiB, 512);
  assert.equal(w.restarts, 0);
  assert.equal(w.allowFailures, true); // snake_case is read as allow-failures
  assert.equal(w.nodeLabel, "base");
  assert.deepEqual(w.resources, { "yarn.io/fpga": 1 });
  assert.deepEqual(w.files, {
    "app.py": { source: "/srv/app.py", type: "file" },
    data: { source: "hdfs:///d/data.tar.gz", type: "archive" },
    raw: { source: "/srv/x.zip", type: "file" },
  });
  assert.deepEqual(w.nodes, ["n1", "n2"]);
  assert.equal(w.relaxLocality, false);
});

test("a generic dask.worker-role service may be adaptive (a second worker pool)", () => {
  const spec = specFromYaml(
    ENV +
      "services:\n  gpu-workers: {role: dask.worker, depends: [dask.scheduler], adaptive: '0:4', gpus: 2}\n" +
      "worker: {count: 1}\n",
  );
  const g = spec.services["gpu-workers"];
  assert.ok(g, "gpu-workers is a service");
  assert.deepEqual(g.adaptive, { minimum: 0, maximum: 4 });
  assert.deepEqual(g.resources, { "yarn.io/gpu": 2 });
});
