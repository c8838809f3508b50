// Hadoop 3.3.6 (still common in production) beside the 3.4.2 the other suites run on, on a
// throw-away cluster (compat-cluster.ts): the e2e dask job through the built CLI (submit --wait
// of a script computing on 2 workers: its result, its exit code, the aggregated logs read through
// WebHDFS, the staging dir gone), and an AM kill -9 in a long-running dask cluster (attempt 2 keeps
// the same scheduler and workers, and dask still computes). About 3 min on a quiet machine.
import { COMPAT_VERSION, startSeconds, stopCompatCluster } from "./compat-cluster.js";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import type { StatusReport } from "../../../src/control/index.js";
import { getJson, ROOT } from "../../support/cluster.js";
import { containerPids } from "../../support/containers.js";
import { credentialsDir, runPython, SUM_PY } from "../../support/dask-python.js";
import {
  cluster,
  containerIds,
  hdfs,
  killLeftovers,
  readJournal,
  untilStatus,
} from "../../integration/appmaster/support.js";
import { daskEnvironment, rmApp, submitDask } from "../../integration/appmaster/dask-support.js";
import { runCli, tempHome } from "../cli/run-cli.js";
import { writeSmallSpec } from "../cli/small-spec.js";

after(async () => {
  await killLeftovers();
  stopCompatCluster();
});

const home = tempHome();
const tag = `tsdask-compat-${process.pid}`;
const cli = (args: string[], timeoutMs = 120_000) => runCli(args, { confDir: cluster.confDir, home, timeoutMs });
const appIdOf = (out: string) => /application_\d+_\d+/.exec(out)?.[0] ?? "";
const stagingOf = (appId: string) => `/user/${cluster.user}/.tsdask-yarn/apps/${appId}`;

test(`the cluster is Hadoop ${COMPAT_VERSION}`, async () => {
  console.log(`Hadoop ${COMPAT_VERSION} cluster up in ${startSeconds.toFixed(1)} s`);
  const info = (await getJson(`${cluster.rmWeb}/ws/v1/cluster/info`)).clusterInfo;
  assert.equal(info.hadoopVersion, COMPAT_VERSION);
  assert.equal(info.resourceManagerVersion, COMPAT_VERSION);
});

test("submit --wait: a dask job on 2 workers prints its result, exits with its own code, leaves no staging", async () => {
  const script = join(home, "sum_exit7.py");
  writeFileSync(
    script,
    [
      "import sys",
      "import dask.array as da",
      "from dask.distributed import Client",
      "client = Client()",
      "client.wait_for_workers(2, timeout=300)",
      "n = len(client.scheduler_info()['workers'])",
      "total = int(da.arange(2_000_000, chunks=100_000, dtype='int64').sum().compute())",
      "print(f'{n} workers: sum = {total}', flush=True)",
      "sys.exit(7)",
      "",
    ].join("\n"),
  );
  const spec = writeSmallSpec(home, tag);
  const base = ["submit", "--spec", spec, "--environment", daskEnvironment(), "--worker-count", "2", "--wait"];
  const t0 = Date.now();
  const [ok, seven] = await Promise.all([
    cli([...base, "--name", `${tag}-ok`, join(ROOT, "cluster", "examples", "demo_job.py"), "--workers", "2"], 400_000),
    cli([...base, "--name", `${tag}-exit7`, script], 400_000),
  ]);
  console.log(`two submit --wait dask jobs on ${COMPAT_VERSION} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /connected to tls:\/\/\S+ with 2 workers/);
  assert.ok(ok.stdout.includes("sum = 199999990000000 (expected 199999990000000)"), ok.stdout);
  assert.equal(seven.code, 7, seven.stderr);
  assert.ok(seven.stdout.includes("2 workers: sum = 1999999000000"), seven.stdout);

  const okId = appIdOf(ok.stdout);
  const sevenId = appIdOf(seven.stdout);
  assert.deepEqual([(await rmApp(okId)).finalStatus, (await rmApp(sevenId)).finalStatus], ["SUCCEEDED", "FAILED"]);
  for (const id of [okId, sevenId]) assert.equal(await hdfs.statIfExists(stagingOf(id)), undefined, `${id} staging`);
  // After the end, the script's output from 3.3.6's aggregated logs, read through WebHDFS.
  const logs = await cli(["logs", sevenId, "--service", "dask.client"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.ok(logs.stdout.includes("2 workers: sum = 1999999000000"), logs.stdout.slice(-2000));
});

test("AM kill -9 in a long-running dask cluster: attempt 2 keeps the scheduler and workers, dask computes", async () => {
  const app = await submitDask("am-kill", ["scheduler: {memory: 512 MiB}", "worker: {count: 2, memory: 512 MiB}"], {
    maxAttempts: 2,
  });
  const ready = (s: StatusReport) => containerIds(s, "dask.worker").length === 2 && !!s.dask?.schedulerAddress;
  const s1 = await untilStatus(app.appId, "2 workers and the scheduler", ready, 240_000);
  const creds = await credentialsDir(hdfs, app.stagingDir, app.appId);
  assert.equal((await runPython(SUM_PY, s1.dask!.schedulerAddress!, 120_000, creds)).trim(), "499500");
  const before = [...containerIds(s1, "dask.scheduler"), ...containerIds(s1, "dask.worker")];
  // The journal (written ≤ 1 s after a change) must hold every container before the kill.
  await until30s("the journal to list the containers", async () => {
    const ids = ((await readJournal(app.stagingDir)).containers as { containerId: string }[]).map((c) => c.containerId);
    return before.every((id) => ids.includes(id));
  });

  const attempts = await getJson(`${cluster.rmWeb}/ws/v1/cluster/apps/${app.appId}/appattempts`);
  const amContainer = attempts.appAttempts.appAttempt[0].containerId as string;
  const pids = containerPids(amContainer);
  assert.ok(pids.length > 0, `no process of the AM container ${amContainer}`);
  const t0 = Date.now();
  for (const pid of pids) process.kill(pid, "SIGKILL");
  const s2 = await untilStatus(
    app.appId,
    "attempt 2 with 2 workers",
    (s) => s.application.attempt === 2 && ready(s),
    240_000,
  );
  console.log(
    `${COMPAT_VERSION}: AM kill -9 -> attempt 2 with both workers after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  assert.deepEqual(
    [...containerIds(s2, "dask.scheduler"), ...containerIds(s2, "dask.worker")],
    before,
    "the same containers",
  );
  assert.equal(s2.dask!.schedulerAddress, s1.dask!.schedulerAddress);
  assert.equal((await runPython(SUM_PY, s2.dask!.schedulerAddress!, 120_000, creds)).trim(), "499500");

  const down = await cli(["shutdown", app.appId]);
  assert.equal(down.code, 0, down.stderr);
  await until30s("the application to end", async () => (await rmApp(app.appId)).state === "FINISHED");
  assert.equal((await rmApp(app.appId)).finalStatus, "SUCCEEDED");
  assert.equal(await hdfs.statIfExists(app.stagingDir), undefined, "staging removed");
});

async function until30s(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 500)))
    if (await ok().catch(() => false)) return;
  throw new Error(`timed out after 30 s waiting for ${what}`);
}
