// A long-running local dask cluster (issue 15, item 6), with no Hadoop running and HADOOP_CONF_DIR
// empty: a Python Client from outside computes on it over mutual TLS (`credentials`), scale up and
// down are seen by the scheduler itself, status and logs show it, shutdown ends it SUCCEEDED and
// leaves no process; kill -9 of the local AM leaves no process either (the containers' tethers).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SUM_PY, runPython, schedulerSees } from "../../support/dask-python.js";
import { amPid, envArchive, localCli, noneLeft, processesOf, spawnLocalCli } from "./local-support.js";

const env = envArchive();
/** Every cluster a test started: a failed test must not leave one running (kill of an ended one only cleans). */
const started: string[] = [];
after(async () => {
  for (const appId of started) await localCli(["kill", appId]);
});

async function startCluster(workers: number): Promise<{ appId: string; scheduler: string }> {
  const r = await localCli(["--json", "submit", "--local", "--environment", env, "--worker-count", String(workers)]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { appId: string; schedulerAddress: string; local: boolean };
  started.push(j.appId);
  assert.equal(j.local, true);
  assert.match(j.schedulerAddress, /^tls:\/\/127\.0\.0\.1:\d+$/);
  return { appId: j.appId, scheduler: j.schedulerAddress };
}

interface WorkerService {
  desiredInstances: number;
  counts: Record<string, number>;
}

async function workerService(appId: string): Promise<WorkerService> {
  const status = await localCli(["--json", "status", appId]);
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout) as {
    report: { state: string };
    am: { services: (WorkerService & { name: string })[] };
  };
  assert.equal(s.report.state, "RUNNING");
  return s.am.services.find((x) => x.name === "dask.worker")!;
}

test("a long-running local cluster: a Client computes, scale up/down seen by the scheduler, status, logs, shutdown", async () => {
  const { appId, scheduler } = await startCluster(2);
  const creds = mkdtempSync(join(tmpdir(), "tsdask-local-creds-"));
  const c = await localCli(["credentials", appId, "--dir", creds]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal((await runPython(SUM_PY, scheduler, 120_000, creds)).trim(), "499500");
  // Without the application's certificate the scheduler lets nobody in.
  await assert.rejects(runPython(SUM_PY, scheduler, 60_000));

  const up = await localCli(["scale", appId, "3"]);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /dask\.worker: 2 -> 3/);
  assert.equal(await schedulerSees(scheduler, 3, 90_000, creds), 3);
  const down = await localCli(["scale", appId, "1"]);
  assert.equal(down.code, 0, down.stderr);
  assert.equal(await schedulerSees(scheduler, 1, 90_000, creds), 1);

  // The retired workers' containers are stopped after they left the scheduler: status converges.
  let w: WorkerService | undefined;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    w = await workerService(appId);
    if (w.counts.RUNNING === 1 && w.counts.KILLED === 2) break;
  }
  assert.equal(w?.desiredInstances, 1);
  assert.equal(w?.counts.RUNNING, 1);
  assert.equal(w?.counts.KILLED, 2); // the two retired workers, stopped by the AM
  const logs = await localCli(["logs", appId, "--service", "dask.scheduler", "--file", "stderr"]);
  assert.match(logs.stdout, /Scheduler at:\s+tls:\/\/127\.0\.0\.1/);

  const stop = await localCli(["shutdown", appId]);
  assert.equal(stop.code, 0, stop.stderr);
  assert.deepEqual(await noneLeft(appId, 45_000), []);
  const after = await localCli(["status", appId]);
  assert.match(after.stdout, new RegExp(`${appId}\\s+\\S+\\s+FINISHED\\s+SUCCEEDED`));
});

test("kill -9 of the local AM leaves no process of the application", async () => {
  const { appId } = await startCluster(2);
  assert.ok(processesOf(appId).length >= 7, `only ${processesOf(appId).length} processes seen`);
  process.kill(amPid(appId), "SIGKILL");
  assert.deepEqual(await noneLeft(appId, 30_000), []);
  const status = await localCli(["status", appId]);
  assert.match(status.stdout, new RegExp(`${appId}\\s+\\S+\\s+FAILED\\s+FAILED`));
});

test("kill ends a running local application KILLED and leaves nothing running", async () => {
  const { appId } = await startCluster(1);
  const k = await localCli(["kill", appId]);
  assert.equal(k.code, 0, k.stderr);
  assert.match(k.stdout, new RegExp(`${appId} KILLED`));
  assert.deepEqual(await noneLeft(appId, 30_000), []);
});

test("kill -9 of a launcher still waiting for the cluster to be ready (no --wait) leaves no process", async () => {
  const child = spawnLocalCli(["submit", "--local", "--environment", env, "--worker-count", "2"]);
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const closed = new Promise((r) => child.once("close", r));
  const deadline = Date.now() + 60_000;
  let appId: string | undefined;
  while (!appId && Date.now() < deadline) {
    appId = /started the local ApplicationMaster of (local_\d+_\d+)/.exec(err)?.[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(appId, `the AM did not start: ${err}`);
  started.push(appId);
  child.kill("SIGKILL");
  await closed;
  assert.deepEqual(await noneLeft(appId, 45_000), []);
  const status = await localCli(["status", appId]);
  assert.match(status.stdout, new RegExp(`${appId}\\s+\\S+\\s+KILLED\\s+KILLED`));
});

test("a dask worker killed with kill -9 is restarted, as on YARN, and the scheduler sees it again", async () => {
  const { appId, scheduler } = await startCluster(1);
  const creds = mkdtempSync(join(tmpdir(), "tsdask-local-creds-"));
  assert.equal((await localCli(["credentials", appId, "--dir", creds])).code, 0);
  // The worker's python: TSDASK_INSTANCE=dask.worker_0 in its environment, python on its command line.
  const worker = processesOf(appId).find((pid) => {
    const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
    return (
      environ.includes("TSDASK_INSTANCE=dask.worker_0") && /python/.test(readFileSync(`/proc/${pid}/cmdline`, "latin1"))
    );
  });
  assert.ok(worker, "no worker python found");
  process.kill(worker, "SIGKILL");
  let restarts = 0;
  for (const deadline = Date.now() + 90_000; Date.now() < deadline && restarts < 1;) {
    await new Promise((r) => setTimeout(r, 1000));
    const s = JSON.parse((await localCli(["--json", "status", appId])).stdout) as {
      am: { services: { name: string; restartsUsed: number }[] };
    };
    restarts = s.am.services.find((x) => x.name === "dask.worker")!.restartsUsed;
  }
  assert.equal(restarts, 1);
  assert.equal(await schedulerSees(scheduler, 1, 90_000, creds), 1);
  assert.equal((await runPython(SUM_PY, scheduler, 120_000, creds)).trim(), "499500");
  assert.equal((await localCli(["shutdown", appId])).code, 0);
  assert.deepEqual(await noneLeft(appId, 45_000), []);
});
