// The cluster-maximum check: every offending container named, master included, nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkResourceLimits, resourceProblems } from "../../../src/launcher/limits.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { specFromYaml } from "../../../src/spec/index.js";

const max = { memoryMb: 8192, vcores: 8 };
const yaml = (s: string) => specFromYaml(s, { allowMissingEnvironment: true });

test("a spec within the maximum passes, the exact maximum included", () => {
  const spec = yaml("worker: {count: 2, memory: 8 GiB, vcores: 8}\nscheduler: {memory: 1 GiB}");
  assert.deepEqual(resourceProblems(spec, max), []);
  checkResourceLimits(spec, max);
});

test("a worker asking more memory than the maximum is named, with both numbers", () => {
  const spec = yaml("worker: {count: 1, memory: 9 GiB}");
  assert.throws(
    () => checkResourceLimits(spec, max),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.code === "RESOURCE_ABOVE_MAXIMUM" &&
      /service 'dask\.worker' asks for 9216 MiB of memory, above the cluster maximum of 8192 MiB/.test(e.message) &&
      /8192 MiB and 8 vcores/.test(e.hint ?? ""),
  );
});

test("vcores, the master and generic services are checked; every problem is listed", () => {
  const spec = yaml(
    "dask: false\nmaster: {vcores: 9}\nservices: {web: {script: x, memory: 16 GiB, vcores: 12}, ok: {script: y}}",
  );
  assert.deepEqual(resourceProblems(spec, max), [
    { who: "master", what: "vcores", asked: 9, maximum: 8 },
    { who: "web", what: "memory", asked: 16384, maximum: 8192 },
    { who: "web", what: "vcores", asked: 12, maximum: 8 },
  ]);
  assert.throws(() => checkResourceLimits(spec, max), /the master \(AM\) asks for 9 vcores.*service 'web'/);
});

test("a service with zero instances is still checked (it may be scaled up later)", () => {
  const spec = yaml("worker: {count: 0, memory: 10 GiB}");
  assert.equal(resourceProblems(spec, max).length, 1);
});
