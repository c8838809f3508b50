// Adaptive scaling and the idle timeout, run by the AM on the real cluster with a real dask. The
// test's Python client submits slow tasks and then goes away: the AM alone scales the workers up
// from the scheduler's adaptive_target and back down once the work is done; another application
// with a 5 s idle timeout ends itself SUCCEEDED with the idle diagnostic.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { waitForFinish } from "../../../src/launcher/index.js";
import { readSecret } from "../../../src/launcher/connect.js";
import { clientTlsEnv, credentialsDir } from "../../support/dask-python.js";
import { rmApp, schedulerWorkers, submitDask, venvPython } from "./dask-support.js";
import { cluster, counts, hdfs, killLeftovers, until } from "./support.js";

after(killLeftovers);

const waitOpts = { timeoutMs: 120_000, env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 60 one-second tasks: a minute of work for one single-threaded worker, so dask wants more. */
const CLIENT = `
import sys, time
from distributed import Client
def slow(i):
    time.sleep(1)
    return i
with Client(sys.argv[1], timeout=60) as c:
    print(sum(c.gather(c.map(slow, range(60), pure=False))), flush=True)
`;

function runClient(scheduler: string, credentials: string): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, ...clientTlsEnv(credentials) };
  const p = spawn(venvPython(), ["-c", CLIENT, scheduler], { stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  p.stdout.on("data", (b: Buffer) => (out += b.toString()));
  p.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const killer = setTimeout(() => p.kill("SIGKILL"), 300_000);
  return new Promise((resolve) =>
    p.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, out });
    }),
  );
}

test(
  "adaptive {minimum 1, maximum 3}: slow tasks scale the workers up, then back to 1 with no client",
  { timeout: 600_000 },
  async (t) => {
    const app = await submitDask("adaptive", [
      "scheduler: {memory: 512 MiB}",
      "worker: {count: 1, vcores: 1, memory: 512 MiB, adaptive: {minimum: 1, maximum: 3}}",
    ]);
    try {
      const secret = await readSecret(hdfs, app.stagingDir);
      const s = await until(
        app,
        "1 worker and the scheduler",
        (x) => counts(x, "dask.worker").RUNNING === 1 && !!x.dask?.dashboardUrl && !!x.dask.schedulerAddress,
        240_000,
      );
      const dashboard = s.dask!.dashboardUrl!;
      // Idle: the adaptive target stays at the minimum, nothing is asked for.
      await sleep(3_000);
      assert.equal((await app.client.status()).services.find((x) => x.name === "dask.worker")!.desiredInstances, 1);

      const client = runClient(s.dask!.schedulerAddress!, await credentialsDir(hdfs, app.stagingDir, app.appId));
      let peak = 0;
      let peakScheduler = 0;
      let done: { code: number | null; out: string } | undefined;
      void client.then((r) => (done = r));
      while (!done) {
        const st = await app.client.status();
        peak = Math.max(peak, counts(st, "dask.worker").RUNNING);
        peakScheduler = Math.max(peakScheduler, (await schedulerWorkers(dashboard, secret)).length);
        await sleep(1_000);
      }
      assert.equal(done.code, 0, `the dask client failed:\n${done.out}`);
      assert.match(done.out, /^1770$/m, "sum(range(60))");
      assert.ok(peak > 1, `the AM never ran more than ${peak} worker(s)`);
      assert.ok(peakScheduler > 1, `the scheduler never saw more than ${peakScheduler} worker(s)`);
      assert.ok(peak <= 3, `maximum 3 exceeded: ${peak}`);

      // The client is gone; the AM alone brings the workers back to the minimum, gracefully.
      const down = await until(
        app,
        "back to 1 worker",
        (x) => {
          const w = x.services.find((y) => y.name === "dask.worker")!;
          return w.desiredInstances === 1 && w.counts.RUNNING === 1 && w.counts.REQUESTED === 0;
        },
        120_000,
      );
      assert.ok(counts(down, "dask.worker").KILLED >= 1, "scale-down stops the retired workers' containers");
      let names: string[] = [];
      for (let i = 0; i < 60; i++, await sleep(500))
        if ((names = await schedulerWorkers(dashboard, secret)).length === 1) break;
      assert.deepEqual(names, ["dask.worker_0"]);

      t.diagnostic(`peak: ${peak} worker containers running, ${peakScheduler} workers in the scheduler`);
      assert.deepEqual(down.services.find((x) => x.name === "dask.worker")!.adaptive, { minimum: 1, maximum: 3 });

      // A manual scale takes over from adaptive (as in dask-yarn): 2 stays 2 with no work at all.
      await app.client.scale("dask.worker", 2);
      await until(app, "2 workers", (x) => counts(x, "dask.worker").RUNNING === 2, 120_000);
      await sleep(5_000);
      const after = await app.client.status();
      assert.equal(after.services.find((x) => x.name === "dask.worker")!.desiredInstances, 2);
      assert.equal(counts(after, "dask.worker").RUNNING, 2);
      assert.equal(after.services.find((x) => x.name === "dask.worker")!.adaptive, undefined, "adaptive is off");
      await app.client.shutdown("SUCCEEDED", "adaptive test done");
      // Wait for the end, so the finally's kill does not race the shutdown.
      assert.equal((await waitForFinish(app.appId, waitOpts)).finalStatus, "SUCCEEDED");
    } finally {
      await killLeftovers();
    }
  },
);

test(
  "idle timeout 5 s: the application ends SUCCEEDED by itself with the idle diagnostic",
  { timeout: 400_000 },
  async () => {
    const app = await submitDask("idle", ["scheduler: {memory: 512 MiB}", "worker: {count: 0}", "idle-timeout: 5s"]);
    try {
      let last = await rmApp(app.appId);
      for (let i = 0; i < 300 && last.state !== "FINISHED"; i++) {
        await sleep(1_000);
        last = await rmApp(app.appId);
      }
      assert.equal(last.state, "FINISHED", `still ${last.state}`);
      assert.equal(last.finalStatus, "SUCCEEDED");
      assert.match(last.diagnostics, /idle for 5 s \(no dask tasks\)/);
    } finally {
      await killLeftovers();
    }
  },
);
