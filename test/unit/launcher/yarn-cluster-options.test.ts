// YarnCluster.start's dask-yarn style options → loadSpec's flag layer → the spec the launcher
// submits. Pure: loadSpec reads no config file here (empty env, a home without one).
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadSpecOptionsOf, type YarnClusterOptions } from "../../../src/launcher/yarn-cluster-options.js";
import { loadSpec, SpecError } from "../../../src/spec/index.js";

const home = mkdtempSync(join(tmpdir(), "tsdask-yc-home-"));
const specOf = (o: YarnClusterOptions) =>
  loadSpec(loadSpecOptionsOf({ env: {}, homeDir: home, cwd: "/data", ...o })).spec;

test("dask-yarn's constructor options become the spec's services and application fields", () => {
  const spec = specOf({
    environment: "envs/dask.tar.gz",
    nWorkers: 3,
    workerVcores: 2,
    workerMemory: "3 GiB",
    workerRestarts: 5,
    workerEnv: { OMP_NUM_THREADS: "1" },
    schedulerVcores: 2,
    schedulerMemory: 1024,
    name: "nightly",
    queue: "etl",
    tags: ["a", "b"],
    priority: 3,
    maxAttempts: 1,
    idleTimeout: "30m",
  });
  assert.equal(spec.environment, "/data/envs/dask.tar.gz");
  const w = spec.services["dask.worker"]!;
  assert.deepEqual([w.instances, w.vcores, w.memoryMiB, w.restarts], [3, 2, 3072, 5]);
  assert.equal(w.env.OMP_NUM_THREADS, "1");
  const s = spec.services["dask.scheduler"]!;
  assert.deepEqual([s.vcores, s.memoryMiB], [2, 1024]);
  assert.deepEqual(
    [spec.name, spec.queue, [...spec.tags], spec.priority, spec.maxAttempts],
    ["nightly", "etl", ["a", "b"], 3, 1],
  );
  assert.equal(spec.idleTimeoutSeconds, 1800);
  assert.equal(spec.services["dask.client"], undefined, "no script: a long-running cluster");
});

test("adaptive limits, hadoop conf dir and staging dir; nWorkers wins over workerCount", () => {
  const spec = specOf({
    environment: "hdfs:///envs/dask.tar.gz",
    workerCount: 1,
    nWorkers: 2,
    adaptive: { minimum: 1, maximum: 6 },
    hadoopConfDir: "/etc/hadoop/conf",
    stagingDir: "/user/alice/tmp",
  });
  const w = spec.services["dask.worker"]!;
  assert.equal(w.instances, 2);
  assert.deepEqual({ ...w.adaptive }, { minimum: 1, maximum: 6 });
  assert.equal(spec.hadoop.confDir, "/etc/hadoop/conf");
  assert.equal(spec.stagingDir, "/user/alice/tmp");
});

test("a bad value is reported under the option's name; a missing environment is an error", () => {
  assert.throws(
    () => specOf({ environment: "env.tar.gz", workerMemory: "lots" }),
    (e: unknown) => e instanceof SpecError && /workerMemory/.test(e.message),
  );
  assert.throws(
    () => specOf({ environment: "env.tar.gz", nWorkers: -2 }),
    (e: unknown) => e instanceof SpecError && /nWorkers/.test(e.message),
  );
  assert.throws(() => specOf({ nWorkers: 1 }), SpecError);
});

test("options left out come from TSDASK_YARN_* variables, then the defaults", () => {
  const spec = specOf({ environment: "env.tar.gz", env: { TSDASK_YARN_WORKER_MEMORY: "1 GiB" } });
  assert.equal(spec.services["dask.worker"]!.memoryMiB, 1024);
  assert.equal(spec.services["dask.worker"]!.instances, 0);
  assert.equal(spec.name, "tsdask-yarn");
});

test("the caller's objects are copied, not kept", () => {
  const workerEnv = { A: "1" };
  const spec = specOf({ environment: "env.tar.gz", workerEnv });
  workerEnv.A = "2";
  assert.equal(spec.services["dask.worker"]!.env.A, "1");
});

test("nodeRuntime is the runtime key: words as written, a relative local file made absolute, auto by default", () => {
  assert.equal(specOf({ environment: "e.tar.gz" }).runtime, "auto");
  assert.equal(specOf({ environment: "e.tar.gz", nodeRuntime: "environment" }).runtime, "environment");
  assert.equal(specOf({ environment: "e.tar.gz", nodeRuntime: "wheels/node.whl" }).runtime, "/data/wheels/node.whl");
  assert.equal(specOf({ environment: "e.tar.gz", nodeRuntime: "/opt/node/bin/node" }).runtime, "/opt/node/bin/node");
  assert.equal(
    loadSpec({ env: { TSDASK_YARN_RUNTIME: "environment" }, homeDir: home, cwd: "/data", flags: { environment: "e" } })
      .spec.runtime,
    "environment",
  );
});
