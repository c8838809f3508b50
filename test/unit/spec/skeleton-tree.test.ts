// The defaults layer the build embeds (src/spec/skeleton-tree.ts) is the parsed skeleton.yaml, node
// for node, with every value's source: a quick command that never loads the YAML parser sees the
// same defaults, and `config show` the same skeleton.yaml lines, as one that parses the file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { SKELETON_YAML } from "../../../src/spec/index.js";
import { reviveTree, serializeTree } from "../../../src/spec/skeleton-tree.js";
import { parseYamlLayer } from "../../../src/spec/yaml-layer.js";
import { entriesOf } from "../../../src/spec/tree.js";
import { ROOT as REPO } from "../../support/cluster.js";

test("serializeTree → reviveTree gives back the parsed skeleton, Maps, order and sources included", () => {
  const parsed = parseYamlLayer(SKELETON_YAML, "skeleton.yaml", "default");
  const revived = reviveTree(serializeTree(parsed));
  assert.deepEqual(revived, parsed);
  assert.ok(revived.entries instanceof Map);
  const entries = entriesOf(revived);
  assert.deepEqual(entries, entriesOf(parsed));
  // Sources point into skeleton.yaml (line numbers, not just the file).
  assert.ok(entries.length > 20 && entries.every((e) => e.source.file === "skeleton.yaml" && (e.source.line ?? 0) > 0));
});

test("scripts/skeleton-tree.ts (what the build embeds) prints that tree", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "scripts", "skeleton-tree.ts")], {
    cwd: REPO,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(reviveTree(r.stdout), parseYamlLayer(SKELETON_YAML, "skeleton.yaml", "default"));
});
