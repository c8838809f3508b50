// submit --local --wait as a CI runner without Hadoop uses it (issue 15, item 6): the demo's dask job
// runs as local processes and its result is streamed; the exit code is the script's own (7 from
// sys.exit(7), 1 from an exception); status and logs work after the end; and kill -9 of the
// waiting launcher leaves no process of the application. No Hadoop runs and HADOOP_CONF_DIR is empty.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../../support/cluster.js";
import { envArchive, localCli, noneLeft, processesOf, spawnLocalCli } from "./local-support.js";

const env = envArchive();
const dir = mkdtempSync(join(tmpdir(), "tsdask-local-batch-"));
const script = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};
const DEMO = join(ROOT, "cluster", "examples", "demo_job.py");
const EXIT7 = script(
  "exit7.py",
  `import sys\nfrom dask.distributed import Client\nc = Client()\nc.wait_for_workers(1, timeout=120)\nprint("workers", len(c.scheduler_info()["workers"]), flush=True)\nsys.exit(7)\n`,
);
const RAISES = script("raises.py", `raise RuntimeError("the job gave up")\n`);
const SLEEPER = script("sleeper.py", `import time\nprint("sleeping", flush=True)\ntime.sleep(600)\n`);

const appIdOf = (stdout: string) => {
  const m = /local_\d+_\d{4,}/.exec(stdout);
  assert.ok(m, `no local application id in: ${stdout}`);
  return m[0];
};

test("the dask job runs locally with --wait: its result on stdout, exit 0, status and logs after the end", async () => {
  const t0 = Date.now();
  const r = await localCli(["submit", "--local", "--environment", env, "--worker-count", "2", "--wait", DEMO]);
  const ms = Date.now() - t0;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /sum = 199999990000000 \(expected 199999990000000\)/);
  const appId = appIdOf(r.stdout);
  console.log(`local dask job with --wait: ${ms} ms (${appId})`);
  assert.match(r.stderr, new RegExp(`${appId} FINISHED \\(SUCCEEDED\\)`));

  const status = await localCli(["status", appId]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`${appId}\\s+\\S+\\s+FINISHED\\s+SUCCEEDED`));
  const logs = await localCli(["logs", appId, "--service", "dask.client", "--file", "stdout"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /==> dask\.client_0 container_\d+_\d+_01_\d+ stdout <==\n/);
  assert.match(logs.stdout, /sum = 199999990000000/);
  const workers = await localCli(["logs", appId, "--service", "dask.worker", "--file", "stderr"]);
  assert.equal((workers.stdout.match(/==> dask\.worker_\d /g) ?? []).length, 2, workers.stdout);
  const list = await localCli(["list", "--local", "--all"]);
  assert.match(list.stdout, new RegExp(`${appId}\\s+\\S+\\s+FINISHED\\s+SUCCEEDED\\s+local`));
  // Each container's watcher clears its group within its grace (5 s) after the AM closed the tether.
  assert.deepEqual(await noneLeft(appId, 15_000), []);
});

test("the exit code is the script's own: sys.exit(7) gives 7, an exception 1 (with --json)", async () => {
  const seven = await localCli([
    "--json",
    "submit",
    "--local",
    "--environment",
    env,
    "--worker-count",
    "1",
    "--wait",
    EXIT7,
  ]);
  assert.equal(seven.code, 7, seven.stderr);
  const j = JSON.parse(seven.stdout) as Record<string, unknown>;
  assert.equal(j.scriptExitCode, 7);
  assert.equal(j.scriptStarted, true);
  assert.equal(j.finalStatus, "FAILED");
  assert.equal(j.exitCode, 7);
  assert.match(seven.stderr, /workers 1/);

  const raised = await localCli(["submit", "--local", "--environment", env, "--wait", RAISES]);
  assert.equal(raised.code, 1, raised.stderr);
  assert.match(raised.stderr, /RuntimeError: the job gave up/);
  assert.match(raised.stderr, /FINISHED \(FAILED\)/);
});

test("kill -9 of the launcher waiting with --wait leaves no process of the application", async () => {
  const child = spawnLocalCli(["submit", "--local", "--environment", env, "--worker-count", "2", "--wait", SLEEPER]);
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const closed = new Promise((r) => child.once("close", r));
  const deadline = Date.now() + 120_000;
  while (!out.includes("sleeping") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.ok(out.includes("sleeping"), `the script did not start: ${err}`);
  const appId = appIdOf(out);
  // The AM, the scheduler, two workers and the script (each with a leader and a watcher), at least.
  assert.ok(processesOf(appId).length >= 9, `only ${processesOf(appId).length} processes seen`);
  child.kill("SIGKILL");
  await closed;
  assert.deepEqual(await noneLeft(appId, 45_000), []);
  const status = await localCli(["status", appId]);
  assert.match(status.stdout, new RegExp(`${appId}\\s+\\S+\\s+KILLED\\s+KILLED`));
  assert.match(status.stderr + status.stdout, /launcher .* is gone|KILLED/);
});
