// A generic (script) service of an application with an environment finds the environment's
// commands on PATH (issue 21: it did not, and the docs did not say). The staged script is run by
// bash in a directory laid out as the NodeManager lays out a container: ./environment unpacked.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { serviceScriptText } from "../../../src/launcher/app-staging.js";

function runInContainer(script: string, withEnvBin: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-container-"));
  try {
    if (withEnvBin) {
      mkdirSync(join(dir, "environment", "bin"), { recursive: true });
      const tool = join(dir, "environment", "bin", "tsdask-env-tool");
      writeFileSync(tool, "#!/bin/sh\necho from-the-environment\n");
      chmodSync(tool, 0o755);
    }
    writeFileSync(join(dir, "service.sh"), script);
    const r = spawnSync("bash", ["service.sh"], { cwd: dir, encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    return `${r.stdout}${r.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("with an environment, its bin/ comes first on PATH in the service's script", () => {
  const script = serviceScriptText("tsdask-env-tool; echo \"$PATH\" | cut -d: -f1 | sed 's|.*/||'", true);
  const out = runInContainer(script, true).split("\n");
  assert.deepEqual(out, ["from-the-environment", "bin"]);
});

test("without an environment the script is staged as written (a newline added)", () => {
  assert.equal(serviceScriptText("echo hi", false), "echo hi\n");
  assert.equal(serviceScriptText("echo hi\n", false), "echo hi\n");
  // An environment that is not unpacked yet (or has no bin/) leaves PATH alone.
  assert.equal(runInContainer(serviceScriptText('echo "$PATH"', true), false), "/usr/bin:/bin");
});
