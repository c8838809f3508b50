// The bad-input table of the spec layer: each input, its stable code, and that the message names
// the key and the position in the file where the bad value was written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SpecError, specFromYaml } from "../../../src/spec/index.js";

interface Row {
  name: string;
  yaml: string;
  code: string;
  key: string;
  at?: string; // line:col in bad.yaml
  text?: RegExp;
}

const ENV = "environment: hdfs:///envs/dask.tar.gz\n";

const ROWS: Row[] = [
  { name: "unclosed flow list", yaml: "tags: [a, b\nqueue: x\n", code: "SPEC_YAML_SYNTAX", key: "", at: "2:1" },
  {
    name: "bad indentation",
    yaml: "worker:\n  count: 1\n   vcores: 2\n",
    code: "SPEC_YAML_SYNTAX",
    key: "",
    at: "2:10",
  },
  { name: "unclosed quote", yaml: 'name: "abc\n', code: "SPEC_YAML_SYNTAX", key: "", at: "2:1" },
  { name: "duplicate key", yaml: "queue: a\nqueue: b\n", code: "SPEC_YAML_SYNTAX", key: "", at: "2:1" },
  {
    name: "typo in a worker key",
    yaml: "worker:\n  memroy: 4 GiB\n",
    code: "SPEC_UNKNOWN_KEY",
    key: "worker.memroy",
    at: "2:3",
    text: /did you mean 'worker\.memory'/,
  },
  {
    name: "typo at the top",
    yaml: "queu: x\n",
    code: "SPEC_UNKNOWN_KEY",
    key: "queu",
    at: "1:1",
    text: /did you mean 'queue'/,
  },
  {
    name: "key at the wrong level",
    yaml: "count: 3\n",
    code: "SPEC_UNKNOWN_KEY",
    key: "count",
    at: "1:1",
    text: /did you mean 'worker\.count'/,
  },
  {
    name: "dask-yarn yarn: prefix",
    yaml: "yarn:\n  queue: x\n",
    code: "SPEC_UNKNOWN_KEY",
    key: "yarn",
    at: "1:1",
    text: /move its keys to the top level/,
  },
  {
    name: "typo in a service key",
    yaml: "services:\n  web:\n    script: x\n    instnaces: 2\n",
    code: "SPEC_UNKNOWN_KEY",
    key: "services.web.instnaces",
    at: "4:5",
    text: /services\.web\.instances/,
  },
  {
    name: "count is a word",
    yaml: "worker:\n  count: many\n",
    code: "SPEC_TYPE",
    key: "worker.count",
    at: "2:10",
    text: /whole number/,
  },
  { name: "count is fractional", yaml: "worker:\n  count: 1.5\n", code: "SPEC_TYPE", key: "worker.count", at: "2:10" },
  { name: "worker is a string", yaml: "worker: big\n", code: "SPEC_TYPE", key: "worker", at: "1:9" },
  { name: "tags is a map", yaml: "tags: {a: 1}\n", code: "SPEC_TYPE", key: "tags", at: "1:7" },
  {
    name: "env value is a list",
    yaml: "worker:\n  env:\n    A: [1]\n",
    code: "SPEC_TYPE",
    key: "worker.env.A",
    at: "3:8",
  },
  { name: "queue is a list", yaml: "queue: [a]\n", code: "SPEC_TYPE", key: "queue", at: "1:8" },
  {
    name: "allow-failures is a word",
    yaml: "services:\n  s:\n    script: x\n    allow-failures: maybe\n",
    code: "SPEC_TYPE",
    key: "services.s.allow-failures",
    at: "4:21",
  },
  {
    name: "negative count",
    yaml: "worker:\n  count: -2\n",
    code: "SPEC_RANGE",
    key: "worker.count",
    at: "2:10",
    text: /≥ 0/,
  },
  { name: "zero vcores", yaml: "scheduler:\n  vcores: 0\n", code: "SPEC_RANGE", key: "scheduler.vcores", at: "2:11" },
  {
    name: "restarts below -1",
    yaml: "worker:\n  restarts: -2\n",
    code: "SPEC_RANGE",
    key: "worker.restarts",
    at: "2:13",
    text: /-1 for unlimited/,
  },
  { name: "max-attempts 0", yaml: "max-attempts: 0\n", code: "SPEC_RANGE", key: "max-attempts", at: "1:15" },
  {
    name: "adaptive min > max",
    yaml: "worker:\n  adaptive: {minimum: 5, maximum: 2}\n",
    code: "SPEC_RANGE",
    key: "worker.adaptive",
    at: "2:23",
  },
  { name: "memory word", yaml: "worker:\n  memory: lots\n", code: "SPEC_UNIT", key: "worker.memory", at: "2:11" },
  {
    name: "memory unknown unit",
    yaml: "master:\n  memory: 2 GiBs\n",
    code: "SPEC_UNIT",
    key: "master.memory",
    at: "2:11",
    text: /gibs/,
  },
  { name: "memory zero", yaml: "worker:\n  memory: 0\n", code: "SPEC_UNIT", key: "worker.memory", at: "2:11" },
  { name: "bad duration", yaml: "idle-timeout: soon\n", code: "SPEC_UNIT", key: "idle-timeout", at: "1:15" },
  {
    name: "unknown role",
    yaml: "services:\n  w:\n    role: dask.nanny\n",
    code: "SPEC_VALUE",
    key: "services.w.role",
    at: "3:11",
  },
  {
    name: "bad service name",
    yaml: "services:\n  Web:\n    script: x\n",
    code: "SPEC_VALUE",
    key: "services.Web",
    at: "3:5",
  },
  {
    name: "reserved file name",
    yaml: "services:\n  s:\n    script: x\n    files: {environment: /x.tgz}\n",
    code: "SPEC_VALUE",
    key: "services.s.files.environment",
    at: "4:26",
  },
  {
    name: "conda:// environment",
    yaml: "environment: conda:///opt/envs/x\n",
    code: "SPEC_VALUE",
    key: "environment",
    at: "1:14",
    text: /conda-pack/,
  },
  {
    name: "script and role",
    yaml: "services:\n  s:\n    script: x\n    role: dask.worker\n",
    code: "SPEC_CONFLICT",
    key: "services.s",
    at: "4:11",
  },
  {
    name: "neither script nor role",
    yaml: "services:\n  s:\n    instances: 2\n",
    code: "SPEC_REQUIRED",
    key: "services.s",
    at: "3:5",
  },
  {
    name: "adaptive on a script service",
    yaml: "services:\n  s:\n    script: x\n    adaptive: 1:3\n",
    code: "SPEC_CONFLICT",
    key: "services.s.adaptive",
    at: "4:15",
  },
  {
    name: "depends on a missing service",
    yaml: "services:\n  a:\n    script: x\n    depends: [bb]\n  b:\n    script: y\n",
    code: "SPEC_DEPENDS",
    key: "services.a.depends",
    at: "4:14",
    text: /did you mean 'b'/,
  },
  {
    name: "depends on itself",
    yaml: "services:\n  a:\n    script: x\n    depends: [a]\n",
    code: "SPEC_DEPENDS",
    key: "services.a.depends",
    at: "4:14",
  },
  {
    name: "dependency cycle",
    yaml: "services:\n  a: {script: x, depends: [c]}\n  b: {script: y, depends: [a]}\n  c: {script: z, depends: [b]}\n",
    code: "SPEC_DEPENDS",
    key: "services.b.depends",
    at: "3:27",
    text: /a → c → b → a/,
  },
  {
    name: "service named like a dask one",
    yaml: "worker: {count: 1}\nservices:\n  dask.worker: {script: x}\n",
    code: "SPEC_CONFLICT",
    key: "services.dask.worker",
    at: "3:16",
  },
];

for (const row of ROWS) {
  test(`bad input: ${row.name} → ${row.code}`, () => {
    const yaml = row.code === "SPEC_YAML_SYNTAX" || row.yaml.includes("environment:") ? row.yaml : row.yaml + ENV;
    const err = catchError(() => specFromYaml(yaml, { file: "/cfg/bad.yaml" }));
    assert.ok(err instanceof SpecError, `expected a SpecError, got ${String(err)}`);
    assert.equal(err.code, row.code, err.message);
    assert.equal(err.key, row.key, err.message);
    if (row.key) assert.ok(err.message.startsWith(`${row.key}: `), err.message);
    if (row.at) assert.ok(err.message.includes(`/cfg/bad.yaml:${row.at}`), `want ${row.at}: ${err.message}`);
    if (row.text) assert.match(err.message, row.text);
    assert.ok(err.hint || row.code === "SPEC_TYPE", `no hint: ${err.message}`);
  });
}

test("dask services without an environment → SPEC_REQUIRED naming the three ways to set it", () => {
  const err = catchError(() => specFromYaml("worker: {count: 2}\n", { file: "/cfg/x.yaml" }));
  assert.ok(err instanceof SpecError);
  assert.equal(err.code, "SPEC_REQUIRED");
  assert.match(err.message, /^environment: .*TSDASK_YARN_ENVIRONMENT.*--environment/);
});

test("only generic services need no environment", () => {
  const spec = specFromYaml("services:\n  web: {script: ./serve}\n");
  assert.deepEqual(Object.keys(spec.services), ["web"]);
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}
