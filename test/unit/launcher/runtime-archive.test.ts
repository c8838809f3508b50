// The runtime archive: deterministic bytes, the layout the AM and NodeManager expect, the local
// cache, and a clear error when the bundles were never built.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { list } from "tar";
import {
  findDistDir,
  KEEP_LOCAL_ARCHIVES,
  packRuntime,
  runtimeArchive,
} from "../../../src/launcher/runtime-archive.js";
import { LauncherError } from "../../../src/launcher/errors.js";
import { sha256File } from "../../../src/launcher/staging/index.js";

function fixture(t: { after: (fn: () => void) => void }): { root: string; dist: string; node: string } {
  const root = mkdtempSync(join(tmpdir(), "tsdask-runtime-test-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dist = join(root, "dist");
  mkdirSync(dist);
  writeFileSync(join(dist, "appmaster.js"), "console.log('am');\n");
  writeFileSync(join(dist, "service.js"), "console.log('service');\n");
  writeFileSync(join(dist, "cli.js"), "not shipped\n");
  const node = join(root, "fake-node");
  writeFileSync(node, Buffer.alloc(64 * 1024, 7), { mode: 0o700 });
  return { root, dist, node };
}

async function entries(file: string): Promise<{ path: string; mode: number; mtime: number; owner: string }[]> {
  const out: { path: string; mode: number; mtime: number; owner: string }[] = [];
  await list({
    file,
    onReadEntry: (e) => {
      out.push({
        path: e.path,
        mode: e.mode ?? -1,
        mtime: e.mtime?.getTime() ?? -1,
        owner: `${e.uid ?? ""}${e.uname ?? ""}`,
      });
    },
  });
  return out;
}

test("the archive holds bin/node, appmaster.js and service.js, sorted, with fixed modes and mtimes", async (t) => {
  const { root, dist, node } = fixture(t);
  const out = join(root, "rt.tar.gz");
  await packRuntime(node, dist, out);
  const got = await entries(out);
  assert.deepEqual(
    got.map((e) => e.path),
    ["appmaster.js", "bin/", "bin/node", "service.js"],
  );
  const byPath = Object.fromEntries(got.map((e) => [e.path, e]));
  assert.equal(byPath["bin/node"]!.mode & 0o777, 0o755, "node is executable whatever its source mode");
  assert.equal(byPath["appmaster.js"]!.mode & 0o777, 0o644);
  // Files carry the fixed time; tar's portable mode records none for directories (shown as -1).
  assert.deepEqual(
    got.map((e) => e.mtime),
    [946684800000, -1, 946684800000, 946684800000],
  );
  assert.ok(
    got.every((e) => e.owner === "" || e.owner === "0"),
    "no owner recorded",
  );
});

test("the same inputs give the same sha256; a changed bundle gives another", async (t) => {
  const { root, dist, node } = fixture(t);
  await packRuntime(node, dist, join(root, "a.tar.gz"));
  await new Promise((r) => setTimeout(r, 1100)); // another wall-clock second
  writeFileSync(join(dist, "service.js"), "console.log('service');\n"); // rewritten, same bytes
  await packRuntime(node, dist, join(root, "b.tar.gz"));
  assert.equal(await sha256File(join(root, "a.tar.gz")), await sha256File(join(root, "b.tar.gz")));
  writeFileSync(join(dist, "service.js"), "console.log('service v2');\n");
  await packRuntime(node, dist, join(root, "c.tar.gz"));
  assert.notEqual(await sha256File(join(root, "a.tar.gz")), await sha256File(join(root, "c.tar.gz")));
});

test("runtimeArchive packs once and then reuses the local cache; a new bundle gets a new key", async (t) => {
  const { root, dist, node } = fixture(t);
  const cacheDir = join(root, "cache");
  const first = await runtimeArchive({ distDir: dist, nodeBinary: node, cacheDir });
  assert.equal(first.packed, true);
  assert.equal(first.path, join(cacheDir, `${first.key}.tar.gz`));
  const mtime = statSync(first.path).mtimeMs;
  const second = await runtimeArchive({ distDir: dist, nodeBinary: node, cacheDir });
  assert.equal(second.packed, false);
  assert.equal(second.path, first.path);
  assert.equal(statSync(second.path).mtimeMs, mtime, "not rewritten");
  writeFileSync(join(dist, "appmaster.js"), "console.log('am v2');\n");
  const third = await runtimeArchive({ distDir: dist, nodeBinary: node, cacheDir });
  assert.equal(third.packed, true);
  assert.notEqual(third.key, first.key);
  // No temp files or pack trees left in the cache dir.
  assert.deepEqual(
    (await import("node:fs")).readdirSync(cacheDir).sort(),
    [`${first.key}.tar.gz`, `${third.key}.tar.gz`].sort(),
  );
});

test("the shipped bundle bytes are the built ones", async (t) => {
  const { root, dist, node } = fixture(t);
  const out = join(root, "rt.tar.gz");
  await packRuntime(node, dist, out);
  const extract = join(root, "x");
  mkdirSync(extract);
  const { extract: tarExtract } = await import("tar");
  await tarExtract({ file: out, cwd: extract });
  assert.equal(readFileSync(join(extract, "appmaster.js"), "utf8"), "console.log('am');\n");
  assert.deepEqual(readFileSync(join(extract, "bin", "node")), readFileSync(node));
});

test("findDistDir: next to a bundled module, ../../dist from sources, else RUNTIME_BUNDLE_MISSING", (t) => {
  const { root, dist } = fixture(t);
  assert.equal(findDistDir(pathToFileURL(join(dist, "cli.js")).href), dist);
  mkdirSync(join(root, "src", "launcher"), { recursive: true });
  assert.equal(
    findDistDir(pathToFileURL(join(root, "src", "launcher", "runtime-archive.ts")).href),
    join(root, "dist"),
  );
  const empty = mkdtempSync(join(tmpdir(), "tsdask-nodist-"));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  assert.throws(
    () => findDistDir(pathToFileURL(join(empty, "a", "b", "x.js")).href),
    (e: unknown) =>
      e instanceof LauncherError && e.code === "RUNTIME_BUNDLE_MISSING" && /npm run build/.test(e.hint ?? ""),
  );
});

test("the local cache keeps the newest archives only", async (t) => {
  const { root, dist, node } = fixture(t);
  const cacheDir = join(root, "cache");
  const keys: string[] = [];
  for (let i = 0; i < 5; i++) {
    writeFileSync(join(dist, "appmaster.js"), `console.log(${i});\n`);
    keys.push((await runtimeArchive({ distDir: dist, nodeBinary: node, cacheDir })).key);
    await new Promise((r) => setTimeout(r, 20)); // distinct mtimes
  }
  assert.deepEqual(
    readdirSync(cacheDir).sort(),
    keys
      .slice(-KEEP_LOCAL_ARCHIVES)
      .map((k) => `${k}.tar.gz`)
      .sort(),
  );
});

test("a shim for bin/node and the Python package's sources (not a wheel's bundled CLI) go into the archive", async (t) => {
  const { root, dist } = fixture(t);
  const py = join(root, "python", "tsdask_yarn");
  mkdirSync(join(py, "_bundle"), { recursive: true });
  writeFileSync(join(py, "__init__.py"), "from .core import YarnCluster\n");
  writeFileSync(join(py, "core.py"), "class YarnCluster: ...\n");
  writeFileSync(join(py, "_bundle", "cli.js"), "not shipped\n");
  const cacheDir = join(root, "cache");
  const a = await runtimeArchive({ distDir: dist, nodeShim: '#!/bin/sh\nexec /opt/node "$@"\n', cacheDir });
  assert.deepEqual(
    (await entries(a.path)).map((e) => e.path),
    [
      "appmaster.js",
      "bin/",
      "bin/node",
      "python/",
      "python/tsdask_yarn/",
      "python/tsdask_yarn/__init__.py",
      "python/tsdask_yarn/core.py",
      "service.js",
    ],
  );
  const x = join(root, "x");
  mkdirSync(x);
  const { extract: tarExtract } = await import("tar");
  await tarExtract({ file: a.path, cwd: x });
  assert.equal(readFileSync(join(x, "bin", "node"), "utf8"), '#!/bin/sh\nexec /opt/node "$@"\n');
  assert.equal(statSync(join(x, "bin", "node")).mode & 0o777, 0o755);
  // Another shim is another archive; pythonDir null ships no package.
  const b = await runtimeArchive({ distDir: dist, nodeShim: '#!/bin/sh\nexec /usr/bin/node "$@"\n', cacheDir });
  assert.notEqual(b.key, a.key);
  const c = await runtimeArchive({ distDir: dist, nodeShim: "#!/bin/sh\n", cacheDir, pythonDir: null });
  assert.ok((await entries(c.path)).every((e) => !e.path.startsWith("python")));
});
