// Faults and load on a throw-away two-NodeManager cluster (fault-cluster.ts: one start for the
// whole file): a NodeManager kill -9 under a computing dask client, an RM restart and an AM kill -9
// during a scale, scale refusals (a singleton, 100,000 workers), memory hogs killed by the NM, and
// 8 concurrent submits. docs/reliability.md reports what these show and their recovery times.
import { fault, nodeManagerOf, stopFaultCluster } from "./fault-cluster.js";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { submit, waitForFinish, type RunningApplication } from "../../../src/launcher/index.js";
import type { StatusReport } from "../../../src/control/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../support/cluster.js";
import { containerPids } from "../../support/containers.js";
import { credentialsDir, runPython } from "../../support/dask-python.js";
import {
  bundles,
  cluster,
  hdfs,
  killLeftovers,
  sharedDir,
  trackApps,
  until,
  untilStatus,
} from "../../integration/appmaster/support.js";
import { daskEnvironment, rmApp } from "../../integration/appmaster/dask-support.js";
import { runCli } from "../cli/run-cli.js";
import { BAD_INPUT_CASES } from "../cli/bad-input-cases.js";
import { runCase, templateRegExp } from "../cli/bad-input-run.js";

after(async () => {
  await killLeftovers();
  stopFaultCluster();
});

async function submitYaml(name: string, lines: string[], dask = false): Promise<RunningApplication> {
  const yaml = [
    `name: tsdask-faults-${name}`,
    `hadoop: {conf-dir: ${cluster.confDir}}`,
    "tags: [tsdask-faults]",
    "max-attempts: 2",
    "master: {memory: 256 MiB}",
    ...(dask ? [`environment: ${daskEnvironment()}`] : ["dask: false"]),
    ...lines,
  ].join("\n");
  const spec = specFromYaml(yaml, { cwd: ROOT, allowMissingEnvironment: !dask });
  return submit(spec, { runtime: { distDir: await bundles() }, onEvent: trackApps });
}

const svc = (s: StatusReport, name: string) => s.services.find((x) => x.name === name)!;
const running = (s: StatusReport, name: string) => svc(s, name).counts.RUNNING;
const cli = (args: string[]) => runCli(args, { confDir: cluster.confDir });
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

test("scale refusals on a dask app: the scheduler (exit 2), 100,000 workers with the numbers; the AM stays responsive", async () => {
  const app = await submitYaml(
    "refusals",
    ["scheduler: {memory: 512 MiB}", "worker: {count: 1, memory: 512 MiB}"],
    true,
  );
  await until(app, "1 worker running", (s) => running(s, "dask.worker") === 1, 180_000);
  // The bad-input table's rows for a running dask app: the same CLI runs, messages and exit codes.
  const fx = { confDir: cluster.confDir, user: cluster.user, env: "", finished: "", badConf: "", tag: "tsdask-faults" };
  for (const k of BAD_INPUT_CASES.filter((x) => x.runningDaskApp)) {
    const r = await runCase(k, { ...fx, running: app.appId });
    assert.equal(r.code, k.exit, `${k.what}: ${r.stderr}`);
    assert.match(r.errorLine, templateRegExp(k.message, r.values), k.what);
  }
  const t0 = Date.now();
  const s = await app.client.status();
  console.log(`status after the refusals answered in ${Date.now() - t0} ms`);
  assert.equal(svc(s, "dask.worker").desiredInstances, 1, "nothing changed");
  assert.equal(running(s, "dask.scheduler"), 1);
  await app.client.shutdown("SUCCEEDED", "test done");
});

test("a memory hog in a generic service is killed by the NodeManager and named in the final diagnostics", async () => {
  const hog = `python3 -c "import time; b = bytearray(1 << 30); b[::4096] = b'x' * (len(b) // 4096); time.sleep(120)"`;
  const app = await submitYaml("hog", [
    "services:",
    "  hog:",
    "    memory: 256 MiB",
    "    restarts: 1",
    "    script: |",
    `      ${hog}`,
  ]);
  const report = await waitForFinish(app.appId, { hadoop: { confDir: cluster.confDir }, timeoutMs: 240_000 });
  const rm = await rmApp(app.appId);
  console.log(`hog app: ${report.finalStatus}: ${rm.diagnostics}`);
  assert.equal(rm.finalStatus, "FAILED");
  assert.match(rm.diagnostics, /physical memory limit \(256 MiB\) exceeded/);
  assert.match(rm.diagnostics, /2 hog containers were killed for exceeding 256 MiB/);
});

/**
 * A dask job whose task runs a tool needing 2 GiB on 512 MiB workers. A child process: dask's
 * nanny watches only the worker process's memory (and would stop it first), so YARN's limit on the
 * container's process tree is what stops this, as with any external program a task runs.
 */
const HOG_JOB = `
import subprocess, sys
from dask.distributed import Client

TOOL = "import time; b = bytearray(2 << 30); b[::4096] = b'x' * (len(b) // 4096); time.sleep(60)"

def hog():
    return subprocess.run([sys.executable, "-c", TOOL]).returncode

with Client() as c:
    print(c.submit(hog, pure=False).result())
`;

test("a memory hog in a dask worker: the NM kills the workers, the job fails, the diagnostics count the kills", async () => {
  const dir = sharedDir("tsdask-faults-dask-hog-");
  writeFileSync(join(dir, "hog.py"), HOG_JOB);
  const spec = [
    "name: tsdask-faults-dask-hog",
    "tags: [tsdask-faults]",
    "master: {memory: 256 MiB}",
    "scheduler: {memory: 512 MiB}",
    "worker: {count: 1, memory: 512 MiB}",
    "client: {memory: 512 MiB}",
  ];
  writeFileSync(join(dir, "spec.yaml"), spec.join("\n"));
  const args = ["submit", "--spec", "spec.yaml", "--environment", daskEnvironment(), "--wait", "hog.py"];
  const r = await runCli(args, { confDir: cluster.confDir, cwd: dir, timeoutMs: 600_000 });
  const appId = /application_\d+_\d+/.exec(r.stdout + r.stderr)?.[0];
  assert.ok(appId, r.stderr);
  const rm = await rmApp(appId);
  console.log(`dask hog: exit ${r.code}; ${rm.finalStatus}: ${rm.diagnostics}`);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(rm.finalStatus, "FAILED");
  assert.match(rm.diagnostics, /the dask.client script ended with script exit code 1 \(exited with code 1/);
  assert.match(rm.diagnostics, /\d+ dask.worker containers? (was|were) killed for exceeding 512 MiB/);
});

test("AM kill -9 right after an acknowledged scale: attempt 2 keeps the new count", async () => {
  const app = await submitYaml("am-kill", ["services:", "  w: {memory: 128 MiB, script: sleep 600}"]);
  await until(app, "w_0 running", (s) => running(s, "w") === 1);
  await app.client.scale("w", 3);
  const attempts = await (await fetch(`${cluster.rmWeb}/ws/v1/cluster/apps/${app.appId}/appattempts`)).json();
  const amContainer = (attempts as any).appAttempts.appAttempt[0].containerId as string;
  const t0 = Date.now();
  for (const pid of containerPids(amContainer)) process.kill(pid, "SIGKILL");
  const s = await untilStatus(
    app.appId,
    "attempt 2 with 3 w running",
    (x) => x.application.attempt === 2 && running(x, "w") === 3,
    240_000,
  );
  console.log(`AM kill -9: attempt 2 with 3 w running after ${seconds(t0)} s`);
  assert.equal(svc(s, "w").desiredInstances, 3, "the journaled count");
  await kill(app);
});

test("RM restart with recovery during a scale: the AM re-registers, keeps its containers and reaches the count", async () => {
  const app = await submitYaml("rm-restart", ["services:", "  w: {memory: 128 MiB, script: sleep 600}"]);
  const before = await until(app, "w_0 running", (s) => running(s, "w") === 1);
  const w0 = svc(before, "w").containers.find((c) => c.state === "RUNNING")!.containerId;
  await app.client.scale("w", 3);
  const t0 = Date.now();
  fault("restart", "resourcemanager");
  const s = await until(app, "3 w running", (x) => running(x, "w") === 3, 180_000);
  console.log(`RM restart during a scale: 3 running ${seconds(t0)} s after the restart began`);
  assert.equal(s.application.attempt, 1, "same attempt");
  assert.ok(
    svc(s, "w").containers.some((c) => c.containerId === w0 && c.state === "RUNNING"),
    "w_0 kept",
  );
  await kill(app);
});

test("NodeManager kill -9 under a computing dask client: workers replaced without using restarts, client unharmed", async () => {
  const app = await submitYaml(
    "nm-kill",
    ["scheduler: {memory: 512 MiB}", "worker: {count: 3, memory: 512 MiB, restarts: 0}"],
    true,
  );
  const s0 = await until(
    app,
    "3 workers and the scheduler's address",
    (s) => running(s, "dask.worker") === 3 && !!s.dask?.schedulerAddress,
    240_000,
  );
  const schedNode = svc(s0, "dask.scheduler").containers[0]!.nodeId;
  // The NodeManager with workers but not the scheduler (the scheduler's loss ends a dask cluster by
  // design). The AM may be on it too: then attempt 2 recovers the workers on the other node.
  const victim = svc(s0, "dask.worker")
    .containers.map((c) => c.nodeId!)
    .find((n) => n !== schedNode);
  if (!victim) {
    await kill(app);
    return assert.fail(`all three workers landed on the scheduler's NodeManager ${schedNode}`);
  }
  const lost = svc(s0, "dask.worker").containers.filter((c) => c.nodeId === victim).length;
  const address = s0.dask!.schedulerAddress!;
  const computing = runPython(
    `import sys, time\nimport dask.array as da\nfrom dask.distributed import Client\nwith Client(sys.argv[1], timeout=60) as c:\n    for i in range(40):\n        assert int(da.arange(1000, chunks=100).sum().compute()) == 499500\n        time.sleep(1)\n    print("ok")`,
    address,
    300_000,
    await credentialsDir(hdfs, app.stagingDir, app.appId), // the scheduler speaks mutual TLS
  );
  const t0 = Date.now();
  fault("kill", nodeManagerOf(victim));
  // Polled through a fresh connection: if the AM was on the lost node, attempt 2 answers.
  // Until the RM declares the node lost (NM expiry) its workers still look RUNNING: wait for three
  // running elsewhere.
  const elsewhere = (x: StatusReport) =>
    svc(x, "dask.worker").containers.filter((c) => c.state === "RUNNING" && c.nodeId !== victim).length === 3;
  const s = await untilStatus(app.appId, "3 workers on the surviving node", elsewhere, 240_000);
  if (s.application.attempt === 1) {
    const gone = svc(s, "dask.worker").containers.filter((c) => c.nodeId === victim);
    assert.ok(
      gone.length >= lost && gone.every((c) => c.state === "KILLED" && c.exitStatus === -100),
      JSON.stringify(gone),
    );
  }
  console.log(
    `NM kill -9 (${lost} worker(s) on it, attempt now ${s.application.attempt}): 3 workers running again after ${seconds(t0)} s`,
  );
  assert.equal(svc(s, "dask.worker").restartsUsed, 0, "node loss used no restart");
  assert.equal((await computing).trim(), "ok");
  assert.equal(s.application.state, "RUNNING");
  fault("restart", nodeManagerOf(victim));
  await kill(app);
});

test("8 concurrent submits: all SUCCEEDED, staging dirs gone", async () => {
  const t0 = Date.now();
  const apps = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      submitYaml(`batch-${i}`, ["services:", "  job: {memory: 128 MiB, script: 'true'}"]),
    ),
  );
  const reports = await Promise.all(
    apps.map((a) => waitForFinish(a.appId, { hadoop: { confDir: cluster.confDir }, timeoutMs: 300_000 })),
  );
  console.log(`8 concurrent submits finished in ${seconds(t0)} s`);
  assert.deepEqual(
    reports.map((r) => r.finalStatus),
    Array(8).fill("SUCCEEDED"),
  );
  for (const a of apps) assert.equal(await hdfs.statIfExists(a.stagingDir), undefined, `${a.stagingDir} left behind`);
});

async function kill(app: RunningApplication): Promise<void> {
  await cli(["kill", app.appId]);
}
