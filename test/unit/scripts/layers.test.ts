// The layer check of `npm run lint` (scripts/check-layers.ts over scripts/layers.ts): the real tree
// passes, and a copy of it with one deliberately bad import — upward (a leaf importing the launcher),
// across (the AM core importing its YARN backend) or cyclic (hadoop-io importing hadoop-rpc, which
// imports hadoop-io) — fails, naming the file and the arrow, and the script exits 1.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { arrowCycle, checkLayers, layerOf, reaches } from "../../../scripts/check-layers.js";
import { LAYERS } from "../../../scripts/layers.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const copies: string[] = [];
after(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of src/ and scripts/ with one line added to one file. */
function copyWith(file: string, line: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-layers-"));
  copies.push(dir);
  cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  appendFileSync(join(dir, "src", file), `\n${line}\n`);
  return dir;
}

function runScript(root: string) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "check-layers.ts"), root], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

test("the tree follows its layers; the script says so and exits 0", () => {
  assert.deepEqual(checkLayers(ROOT), []);
  const r = runScript(ROOT);
  assert.equal(r.status, 0, r.stderr);
});

test("an upward import (a leaf importing the launcher) fails lint, naming file and arrow", () => {
  const dir = copyWith("spec/units.ts", 'export { submit as _up } from "../launcher/submit.js";');
  assert.deepEqual(checkLayers(dir), [
    { file: "src/spec/units.ts", message: "spec may not import launcher (../launcher/submit.js)" },
  ]);
  const r = runScript(dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /src\/spec\/units\.ts: spec may not import launcher/);
});

test("the AM core importing its YARN backend, or hadoop-rpc, fails", () => {
  const dir = copyWith("appmaster/model.ts", 'import "./yarn/asks.js";\nimport "../hadoop-rpc/index.js";');
  assert.deepEqual(
    checkLayers(dir).map((p) => p.message),
    [
      "appmaster may not import appmaster/yarn (./yarn/asks.js)",
      "appmaster may not import hadoop-rpc (../hadoop-rpc/index.js)",
    ],
  );
});

test("a cyclic import (hadoop-io → hadoop-rpc → hadoop-io) fails on its upward half", () => {
  const dir = copyWith("hadoop-io/token.ts", 'export type { Credentials as _C } from "../hadoop-rpc/index.js";');
  assert.deepEqual(checkLayers(dir), [
    { file: "src/hadoop-io/token.ts", message: "hadoop-io may not import hadoop-rpc (../hadoop-rpc/index.js)" },
  ]);
  assert.equal(runScript(dir).status, 1);
});

test("a cycle in the arrows themselves is refused", () => {
  const cyclic = LAYERS.map((l) => (l.path === "hadoop-io" ? { ...l, may: [...l.may, "hadoop-rpc"] } : l));
  const cycle = arrowCycle(cyclic);
  assert.deepEqual(new Set(cycle), new Set(["hadoop-rpc", "hadoop-io"]));
  assert.equal(cycle?.[0], cycle?.at(-1));
  assert.match(checkLayers(ROOT, cyclic)[0]!.message, /the allowed arrows form a cycle/);
  assert.equal(arrowCycle(), undefined);
});

test("transitively: the launcher and the CLI can reach neither hadoop-rpc nor the AM; the AM core not its backends", () => {
  for (const from of ["launcher", "cli", "index"])
    for (const to of ["hadoop-rpc", "appmaster", "appmaster/yarn", "appmaster/local"])
      assert.equal(reaches(from, to), false, `${from} reaches ${to}`);
  for (const to of ["launcher", "cli", "hadoop-rpc", "appmaster/yarn", "appmaster/local"])
    assert.equal(reaches("appmaster", to), false, `appmaster reaches ${to}`);
  // The leaf layers reach nothing but each other: hadoop-io, spec and control at most the error
  // table (and spec the control contract's limits; version, what the build embeds, imports nothing).
  const leaves = ["hadoop-io", "spec", "control", "errors", "version"];
  for (const leaf of leaves) {
    const reached = LAYERS.filter((l) => l.path !== leaf && reaches(leaf, l.path)).map((l) => l.path);
    assert.deepEqual(
      reached.filter((l) => !leaves.includes(l)),
      [],
      `${leaf} reaches ${reached.join(", ")}`,
    );
  }
  assert.equal(reaches("errors", "spec") || reaches("control", "spec") || reaches("hadoop-io", "spec"), false);
  assert.equal(reaches("appmaster/yarn", "hadoop-rpc"), true);
});

test("a file belongs to the longest layer path that holds it", () => {
  assert.equal(layerOf("appmaster/yarn/asks.ts")?.path, "appmaster/yarn");
  assert.equal(layerOf("appmaster/model.ts")?.path, "appmaster");
  assert.equal(layerOf("error-codes.ts")?.path, "errors");
  assert.equal(layerOf("nowhere/x.ts"), undefined);
});
