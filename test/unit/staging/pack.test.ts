import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { list } from "tar";
import { packDirectory, sha256File, sortedEntries } from "../../../src/launcher/staging/index.js";

function makeTree(root: string, order: "ab" | "ba", mtime: Date): void {
  const files: [string, string][] = [
    ["b/inner.txt", "inner"],
    ["a.txt", "alpha"],
    ["b/c/deep.bin", "\u0000\u0001"],
  ];
  if (order === "ba") files.reverse();
  for (const [rel, body] of files) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), body);
    utimesSync(join(root, rel), mtime, mtime);
  }
  mkdirSync(join(root, "empty"), { recursive: true });
}

test("the same content packs to the same bytes regardless of creation order and mtimes", async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "tsdask-pack-test-"));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  makeTree(join(tmp, "one"), "ab", new Date("2020-01-01"));
  makeTree(join(tmp, "two"), "ba", new Date("2024-06-01"));
  await packDirectory(join(tmp, "one"), join(tmp, "one.tgz"));
  await new Promise((r) => setTimeout(r, 1100)); // a different wall clock second, too
  await packDirectory(join(tmp, "two"), join(tmp, "two.tgz"));
  assert.equal(await sha256File(join(tmp, "one.tgz")), await sha256File(join(tmp, "two.tgz")));
  writeFileSync(join(tmp, "two", "a.txt"), "alphA");
  await packDirectory(join(tmp, "two"), join(tmp, "three.tgz"));
  assert.notEqual(await sha256File(join(tmp, "one.tgz")), await sha256File(join(tmp, "three.tgz")));
});

test("the archive holds every entry once, sorted, relative to the directory", async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "tsdask-pack-test-"));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  makeTree(join(tmp, "d"), "ba", new Date());
  assert.deepEqual(sortedEntries(join(tmp, "d")), ["a.txt", "b", "b/c", "b/c/deep.bin", "b/inner.txt", "empty"]);
  await packDirectory(join(tmp, "d"), join(tmp, "d.tgz"));
  // Files carry the fixed mtime; tar's portable mode leaves directories without one.
  const seen: string[] = [];
  await list({
    file: join(tmp, "d.tgz"),
    onReadEntry: (e) => seen.push(`${e.path}@${e.mtime?.toISOString() ?? "none"}`),
  });
  assert.deepEqual(seen, [
    "a.txt@2000-01-01T00:00:00.000Z",
    "b/@none",
    "b/c/@none",
    "b/c/deep.bin@2000-01-01T00:00:00.000Z",
    "b/inner.txt@2000-01-01T00:00:00.000Z",
    "empty/@none",
  ]);
});
