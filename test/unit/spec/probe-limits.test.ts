// The spec defects an adversarial probe found (issue 21): instance counts beyond scale's limit,
// unbounded name and tag lengths, JavaScript built-in names as keys, case-variant duplicate keys
// and nesting deep enough to overflow the YAML parser's stack. Each is refused while the spec is
// built, before anything is staged, with its own code and a message that does not echo the value.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_INSTANCES } from "../../../src/control/index.js";
import { loadSpec, SpecError, specFromJSON, specFromYaml, specToJSON } from "../../../src/spec/index.js";
import { MAX_DEPTH, MAX_NAME_LENGTH, nestingDepth } from "../../../src/spec/limits.js";

const build = (yaml: string) => specFromYaml(yaml, { cwd: "/tmp", allowMissingEnvironment: true });

function refused(yaml: string, code: string, key: string, text?: RegExp): SpecError {
  let err: unknown;
  try {
    build(yaml);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof SpecError, `${yaml.slice(0, 80)}: expected a SpecError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.key, key, err.message);
  if (text) assert.match(err.message, text);
  assert.ok(err.message.length < 400, `the message must not echo the value (${err.message.length} chars)`);
  return err;
}

test("instance counts above scale's limit are refused: worker.count, instances, adaptive, a flag", () => {
  assert.equal(MAX_INSTANCES, 100_000);
  refused("worker:\n  count: 9223372036854775808\n", "SPEC_RANGE", "worker.count", /must be ≤ 100000/);
  refused("worker:\n  count: 100001\n", "SPEC_RANGE", "worker.count", /got 100001/);
  assert.equal(build("worker:\n  count: 100000\n").services["dask.worker"]!.instances, 100_000);
  refused("dask: false\nservices:\n  s: {script: x, instances: 10000000}\n", "SPEC_RANGE", "services.s.instances");
  refused("worker:\n  adaptive: {minimum: 0, maximum: 1000000}\n", "SPEC_RANGE", "worker.adaptive.maximum");
  assert.throws(
    () =>
      loadSpec({
        env: {},
        homeDir: "/nonexistent",
        cwd: "/tmp",
        allowMissingEnvironment: true,
        flags: { "worker.count": "10000000" },
        flagNames: { "worker.count": "--worker-count" },
      }),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_RANGE" && /--worker-count/.test(e.message),
  );
});

test("the AM's own check: a staged spec.json with an absurd count is refused, never allocated", () => {
  const json = JSON.parse(specToJSON(build("worker:\n  count: 2\n")));
  json.services["dask.worker"].instances = 10_000_000;
  assert.throws(
    () => specFromJSON(json),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_JSON",
  );
  json.services["dask.worker"].instances = 2;
  assert.equal(specFromJSON(json).services["dask.worker"]!.instances, 2);
});

test("application name and tags: YARN's tag limits and our name limit, without echoing the value", () => {
  const huge = "n".repeat(10 * 1024 * 1024);
  const e = refused(`name: ${huge}\n`, "SPEC_TOO_LONG", "name", /is 10485760 characters long .*the limit is 1024/);
  assert.ok(!e.message.includes("n".repeat(100)));
  assert.equal(build(`name: ${"n".repeat(MAX_NAME_LENGTH)}\n`).name.length, MAX_NAME_LENGTH);
  refused(`tags: [ok, ${"t".repeat(101)}]\n`, "SPEC_TOO_LONG", "tags", /101 characters long; YARN allows at most 100/);
  assert.deepEqual(build(`tags: [${"t".repeat(100)}]\n`).tags, ["t".repeat(100)]);
  refused("tags: [a, b, c, d, e, f, g, h, i, j, k]\n", "SPEC_TOO_LONG", "tags", /11 tags; YARN allows at most 10/);
});

test("JavaScript built-in names are not keys: sections, service names, env, files, resources, flags", () => {
  refused("constructor: 1\n", "SPEC_UNKNOWN_KEY", "constructor");
  refused("worker:\n  toString: 1\n", "SPEC_UNKNOWN_KEY", "worker.toString");
  refused("worker:\n  hasOwnProperty: 1\n", "SPEC_UNKNOWN_KEY", "worker.hasOwnProperty");
  refused("dask: false\nservices:\n  __proto__: {script: x}\n", "SPEC_RESERVED_KEY", "services.__proto__");
  refused("dask: false\nservices:\n  constructor: {script: x}\n", "SPEC_RESERVED_KEY", "services.constructor");
  refused(
    "dask: false\nservices:\n  s:\n    script: x\n    __proto__: 1\n",
    "SPEC_UNKNOWN_KEY",
    "services.s.__proto__",
  );
  refused("worker:\n  env: {valueOf: x}\n", "SPEC_RESERVED_KEY", "worker.env.valueOf");
  refused(
    "dask: false\nservices:\n  s: {script: x, files: {toString: a.txt}}\n",
    "SPEC_RESERVED_KEY",
    "services.s.files.toString",
  );
  refused(
    "dask: false\nservices:\n  s: {script: x, resources: {__proto__: 1}}\n",
    "SPEC_RESERVED_KEY",
    "services.s.resources.__proto__",
  );
  assert.throws(
    () =>
      loadSpec({
        env: { TSDASK_YARN_WORKER_ENV: "constructor=1" },
        homeDir: "/nonexistent",
        cwd: "/tmp",
        allowMissingEnvironment: true,
      }),
    (e: unknown) => e instanceof SpecError && e.code === "SPEC_RESERVED_KEY",
  );
  // Ordinary names that merely contain a built-in's letters stay fine.
  assert.equal(build("worker:\n  env: {CONSTRUCTOR: x, to_string: y}\n").services["dask.worker"]!.env.CONSTRUCTOR, "x");
});

test("a key written twice in two spellings is refused with the one spelling to keep", () => {
  const e = refused("worker:\n  memory: 1 GiB\n  Memory: 2 GiB\n", "SPEC_DUPLICATE_KEY", "worker.memory");
  assert.match(e.message, /'Memory' and 'memory' are the same key.*keep one of them, spelled 'memory'/);
  refused("max_attempts: 1\nmax-attempts: 2\n", "SPEC_DUPLICATE_KEY", "max-attempts");
  // Env variables are case-sensitive names, not keys: both stay.
  const env = build("worker:\n  env: {PATH: a, path: b}\n").services["dask.worker"]!.env;
  assert.deepEqual([env.PATH, env.path], ["a", "b"]);
});

test("nesting is bounded before the YAML parser recurses: block, flow and '- - -' forms", () => {
  const block =
    "worker:\n  env:\n" + Array.from({ length: 1000 }, (_, i) => "  ".repeat(i + 2) + "a:").join("\n") + " 1\n";
  const flow = `tags: ${"[".repeat(1000)}${"]".repeat(1000)}\n`;
  const dashes = `tags:\n${"- ".repeat(2000)}x\n`;
  for (const yaml of [block, flow, dashes]) {
    const e = refused(yaml, "SPEC_TOO_DEEP", "", /nests more than 64 levels deep/);
    assert.doesNotMatch(e.message, /call stack/);
  }
  assert.equal(nestingDepth("a:\n  b:\n    c: [1, {d: 2}]\n").depth, 5);
  // Brackets inside quotes and comments are no nesting.
  const quoted = `name: "${"[".repeat(200)}"\nqueue: default # ${"{".repeat(200)}\n`;
  assert.ok(nestingDepth(quoted).depth < MAX_DEPTH);
  assert.equal(build(quoted).name, "[".repeat(200));
});
