// `tsdask-yarn … | head -1`: a reader that goes away early must not make the CLI die with an
// unhandled EPIPE stack trace. The test closes the read end of stdout before the child writes,
// which makes every write fail with EPIPE deterministically (unlike racing a real `head`).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { CLI, tempHome } from "./run-cli.js";

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], cwd: tempHome() });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const commands = ["submit", "list", "status", "scale", "logs", "shutdown", "kill", "config"];

test("--help with stdout closed early exits quietly, for the program and every command", async () => {
  for (const args of [["--help"], ["--version"], ...commands.map((c) => [c, "--help"])]) {
    const r = await runWithClosedStdout(args);
    assert.equal(r.stderr, "", `${args.join(" ")}: nothing on stderr`);
    assert.equal(r.code, 0, `${args.join(" ")}: exit 0`);
  }
});

test("a shell pipe into head -1 prints the first line and exits 0", async () => {
  const r = await new Promise<{ out: string; err: string; code: number | null }>((resolve) => {
    const sh = spawn("bash", ["-c", `set -o pipefail; node ${JSON.stringify(CLI)} --help | head -1`]);
    let out = "";
    let err = "";
    sh.stdout.on("data", (d) => (out += d));
    sh.stderr.on("data", (d) => (err += d));
    sh.on("close", (code) => resolve({ out, err, code }));
  });
  assert.equal(r.out, "Usage: tsdask-yarn [options] [command]\n");
  assert.equal(r.err, "");
  assert.equal(r.code, 0);
});
