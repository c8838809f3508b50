// Precedence: skeleton ← user config ← TSDASK_YARN_* ← --spec ← flags, each value with its source.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { formatSource, loadSpec, SpecError, type LoadSpecOptions } from "../../../src/spec/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsdask-spec-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const home = join(dir, "home");
const userConfig = join(home, ".config", "tsdask-yarn", "config.yaml");
mkdirSync(join(home, ".config", "tsdask-yarn"), { recursive: true });
writeFileSync(userConfig, "queue: from-user\nworker:\n  memory: 3 GiB\n  count: 1\nenvironment: env.tar.gz\n");
const specFile = join(dir, "proj", "spec.yaml");
mkdirSync(join(dir, "proj"));
writeFileSync(specFile, "worker:\n  count: 4\n  env: {A: spec}\ntags: [x, y]\n");

const base: LoadSpecOptions = { homeDir: home, env: {}, cwd: dir };
const src = (r: ReturnType<typeof loadSpec>, key: string) => formatSource(r.sources.get(key)!);

test("skeleton alone: every value is a default with its skeleton.yaml line", () => {
  const r = loadSpec({ homeDir: join(dir, "nobody"), env: {}, cwd: dir, allowMissingEnvironment: true });
  assert.equal(r.spec.queue, "default");
  assert.equal(r.spec.services["dask.worker"]?.memoryMiB, 2048);
  assert.match(src(r, "worker.memory"), /^default \(skeleton\.yaml:\d+:\d+\)$/);
  assert.deepEqual(r.files, []);
  for (const e of r.entries) assert.equal(e.source.kind, "default", e.key);
});

test("user config overrides the skeleton; its relative paths resolve against its own directory", () => {
  const r = loadSpec(base);
  assert.equal(r.spec.queue, "from-user");
  assert.equal(r.spec.services["dask.worker"]?.memoryMiB, 3072);
  assert.equal(src(r, "queue"), `${userConfig}:1:8`);
  assert.equal(src(r, "worker.memory"), `${userConfig}:3:11`);
  assert.equal(r.spec.environment, join(home, ".config", "tsdask-yarn", "env.tar.gz"));
  assert.equal(r.spec.services["dask.worker"].vcores, 1); // untouched keys keep the default
  assert.deepEqual(r.files, [userConfig]);
});

test("TSDASK_YARN_CONFIG replaces the default user config path, and must exist", () => {
  const other = join(dir, "other.yaml");
  writeFileSync(other, "queue: other\nenvironment: hdfs:///e.tgz\n");
  const r = loadSpec({ ...base, env: { TSDASK_YARN_CONFIG: other } });
  assert.equal(r.spec.queue, "other");
  assert.equal(r.spec.services["dask.worker"]?.memoryMiB, 2048); // the default user config is not read
  assert.throws(
    () => loadSpec({ ...base, env: { TSDASK_YARN_CONFIG: join(dir, "missing.yaml") } }),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_FILE" && /missing\.yaml: no such file/.test(e.message),
  );
});

test("env vars override the user config", () => {
  const r = loadSpec({
    ...base,
    env: {
      TSDASK_YARN_QUEUE: "from-env",
      TSDASK_YARN_WORKER_MEMORY: "5 GiB",
      TSDASK_YARN_MAX_ATTEMPTS: "3",
      TSDASK_YARN_TAGS: "a, b",
    },
  });
  assert.equal(r.spec.queue, "from-env");
  assert.equal(r.spec.services["dask.worker"]?.memoryMiB, 5120);
  assert.equal(r.spec.maxAttempts, 3);
  assert.deepEqual(r.spec.tags, ["a", "b"]);
  assert.equal(src(r, "queue"), "env TSDASK_YARN_QUEUE");
  assert.equal(src(r, "max-attempts"), "env TSDASK_YARN_MAX_ATTEMPTS");
  assert.equal(src(r, "worker.count"), `${userConfig}:4:10`);
});

test("a bad env value names the variable", () => {
  assert.throws(
    () => loadSpec({ ...base, env: { TSDASK_YARN_WORKER_COUNT: "-3" } }),
    (e: unknown) =>
      e instanceof SpecError &&
      e.code === "SPEC_RANGE" &&
      /^worker\.count: .*from env TSDASK_YARN_WORKER_COUNT/.test(e.message),
  );
});

test("unknown TSDASK_YARN_* variables are warnings with a suggestion, not failures", () => {
  const r = loadSpec({ ...base, env: { TSDASK_YARN_WORKER_MEMROY: "1", TSDASK_YARN_CONFIG: userConfig } });
  assert.deepEqual(r.warnings, [
    "ignoring unknown variable TSDASK_YARN_WORKER_MEMROY (did you mean TSDASK_YARN_WORKER_MEMORY?)",
  ]);
});

test("--spec overrides env; maps merge key by key; lists are replaced", () => {
  const r = loadSpec({
    ...base,
    specFile,
    env: { TSDASK_YARN_WORKER_COUNT: "2", TSDASK_YARN_WORKER_ENV: "A=env,B=env", TSDASK_YARN_TAGS: "e" },
  });
  const w = r.spec.services["dask.worker"];
  assert.ok(w, "dask.worker is a service");
  assert.equal(w.instances, 4);
  assert.deepEqual(w.env, { A: "spec", B: "env" });
  assert.deepEqual(r.spec.tags, ["x", "y"]);
  assert.equal(src(r, "worker.count"), `${specFile}:2:10`);
  assert.equal(src(r, "worker.env.B"), "env TSDASK_YARN_WORKER_ENV");
  assert.deepEqual(r.files, [userConfig, specFile]);
});

test("flags override everything; camelCase keys and flag names are accepted", () => {
  const r = loadSpec({
    ...base,
    specFile,
    env: { TSDASK_YARN_QUEUE: "from-env" },
    flags: {
      queue: "from-flag",
      "worker.count": 7,
      maxAttempts: "4",
      "worker.adaptive": "1:9",
      "worker.env": ["A=flag"],
    },
    flagNames: { "worker.count": "--worker-count" },
  });
  assert.equal(r.spec.queue, "from-flag");
  assert.equal(r.spec.services["dask.worker"]?.instances, 7);
  assert.equal(r.spec.maxAttempts, 4);
  assert.deepEqual(r.spec.services["dask.worker"].adaptive, { minimum: 1, maximum: 9 });
  assert.equal(r.spec.services["dask.worker"].env.A, "flag");
  assert.equal(src(r, "queue"), "flag --queue");
  assert.equal(src(r, "worker.count"), "flag --worker-count");
  assert.equal(src(r, "max-attempts"), "flag --maxAttempts");
});

test("a flag with an unknown key fails with a suggestion", () => {
  assert.throws(
    () => loadSpec({ ...base, flags: { "worker.memroy": "1 GiB" } }),
    (e: unknown) =>
      e instanceof SpecError && e.code === "SPEC_UNKNOWN_KEY" && /did you mean 'worker\.memory'/.test(e.message),
  );
});

test("relative paths from flags resolve against the cwd; ~ against the home directory", () => {
  const r = loadSpec({ ...base, flags: { environment: "envs/dask.tar.gz" } });
  assert.equal(r.spec.environment, join(dir, "envs", "dask.tar.gz"));
  const r2 = loadSpec({ ...base, flags: { environment: "~/e.tgz" } });
  assert.equal(r2.spec.environment, join(home, "e.tgz"));
  const r3 = loadSpec({ ...base, flags: { environment: "hdfs://nn:8020/e.tgz" } });
  assert.equal(r3.spec.environment, "hdfs://nn:8020/e.tgz");
});

test("null in a later layer clears an earlier value", () => {
  const f = join(dir, "clear.yaml");
  writeFileSync(f, "worker:\n  adaptive: null\n");
  const r = loadSpec({ ...base, env: { TSDASK_YARN_WORKER_ADAPTIVE: "0:5" }, specFile: f });
  const worker = r.spec.services["dask.worker"];
  assert.ok(worker, "dask.worker is a service");
  assert.equal(worker.adaptive, undefined);
  assert.equal(src(r, "worker.adaptive"), `${f}:2:13`);
});

test("a missing --spec file is SPEC_FILE naming the path", () => {
  assert.throws(
    () => loadSpec({ ...base, specFile: "nope.yaml" }),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_FILE" && e.message.includes(join(dir, "nope.yaml")),
  );
});

test("the loaded spec is deeply frozen", () => {
  const { spec } = loadSpec(base);
  const worker = spec.services["dask.worker"];
  assert.ok(worker, "dask.worker is a service");
  assert.ok(Object.isFrozen(spec) && Object.isFrozen(worker.env));
  assert.throws(() => ((spec.services["dask.worker"] as { instances: number }).instances = 3), TypeError);
});

test("rolled logs: 64 MiB × 8 by default; null in a file, 0 as a variable turn them off", () => {
  const none = { homeDir: join(dir, "nobody"), env: {}, cwd: dir, allowMissingEnvironment: true };
  assert.deepEqual(loadSpec(none).spec.logs, { partMiB: 64, parts: 8 });
  const off = join(dir, "logs-off.yaml");
  writeFileSync(off, "logs:\n  part-size: null\n");
  assert.deepEqual(loadSpec({ ...none, specFile: off }).spec.logs, { parts: 8 });
  const zero = { ...none, env: { TSDASK_YARN_LOGS_PART_SIZE: "0" } };
  assert.deepEqual(loadSpec(zero).spec.logs, { parts: 8 });
  const small = { ...none, env: { TSDASK_YARN_LOGS_PART_SIZE: "1 MiB", TSDASK_YARN_LOGS_PARTS: "3" } };
  assert.deepEqual(loadSpec(small).spec.logs, { partMiB: 1, parts: 3 });
});
