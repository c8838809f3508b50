// skeleton.yaml is the defaults' one copy (the build embeds it, src/spec/skeleton.ts reads it from
// source), and the skeleton must document every key the schema knows.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseDocument } from "yaml";
import { SKELETON_YAML, envNameOf, envReachablePaths, specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../../src/spec/schema.js";
import { ROOT as REPO } from "../../support/cluster.js";

const fileText = readFileSync(join(REPO, "skeleton.yaml"), "utf8");

test("SKELETON_YAML is byte-for-byte the top-level skeleton.yaml", () => {
  assert.equal(SKELETON_YAML, fileText);
});

test("every schema key has a line in skeleton.yaml with a comment, and no other keys are there", () => {
  const doc = parseDocument(fileText).toJS() as Record<string, unknown>;
  const keysOf = (o: Record<string, unknown>, prefix: string[] = []): string[] =>
    Object.entries(o).flatMap(([k, v]) => {
      const path = [...prefix, k];
      const isSection = v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0;
      return isSection && !["env"].includes(k) ? keysOf(v as Record<string, unknown>, path) : [path.join(".")];
    });
  const want = [...envReachablePaths().map((p) => p.join(".")), "services"].sort();
  assert.deepEqual(keysOf(doc).sort(), want);
  for (const line of fileText.split("\n")) {
    if (/^\s*[a-z-]+:/.test(line)) assert.match(line, / # \S/, `no comment: ${line}`);
  }
  assert.equal(Object.keys(ROOT.fields).length, Object.keys(doc).length);
});

test("the commented generic-service example is itself a valid service", () => {
  const example = fileText
    .split("\n")
    .filter((l) => l.startsWith("#   "))
    .map((l) => l.slice(1))
    .join("\n");
  const spec = specFromYaml(`dask: false\nservices:\n${example}\n`);
  assert.equal(spec.services.web?.instances, 2);
  assert.equal(spec.services.web?.files.data?.type, "archive");
});

test("skeleton defaults: what dask-yarn users expect, with our additions", () => {
  const spec = specFromYaml("", { allowMissingEnvironment: true });
  assert.equal(spec.queue, "default");
  assert.equal(spec.maxAttempts, 2);
  assert.deepEqual(spec.master, { vcores: 1, memoryMiB: 512, env: {} });
  assert.deepEqual(Object.keys(spec.services), ["dask.scheduler", "dask.worker"]);
  assert.equal(spec.services["dask.scheduler"]?.memoryMiB, 2048);
  assert.equal(spec.idleTimeoutSeconds, undefined);
});

test("env var names for every reachable key are distinct", () => {
  const names = envReachablePaths().map(envNameOf);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes("TSDASK_YARN_WORKER_MEMORY") && names.includes("TSDASK_YARN_HADOOP_CONF_DIR"));
});
