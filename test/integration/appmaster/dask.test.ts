// The AM with the dask roles on the real cluster: scheduler + 2 workers come up (named after their
// instance ids), scale to 4, then to 1: the scale-down retires workers through the scheduler's HTTP
// API before their containers stop, so the scheduler sees exactly one worker, dask.worker_0.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { readSecret, submit, waitForFinish } from "../../../src/launcher/index.js";
import { specFromYaml } from "../../../src/spec/index.js";
import { ROOT } from "../../support/cluster.js";
import { bundles, cluster, counts, hdfs, killLeftovers, trackApps, until } from "./support.js";

after(killLeftovers);

function daskEnvironment(): string {
  const r = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`cluster/dask-env/build failed: ${r.stderr}`);
  return r.stdout.trim();
}

async function schedulerWorkers(dashboard: string, secret: string): Promise<string[]> {
  const r = await fetch(`${dashboard}/api/v1/get_workers`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 200);
  const body = (await r.json()) as { workers: { name: string }[] };
  return body.workers.map((w) => String(w.name)).sort();
}

test(
  "dask: scheduler + 2 workers, scale to 4, scale to 1 retires workers through the scheduler",
  { timeout: 900_000 },
  async () => {
    const spec = specFromYaml(
      [
        "name: tsdask-it-am-dask",
        `hadoop: {conf-dir: ${cluster.confDir}}`,
        "tags: [tsdask-it-am]",
        "max-attempts: 1",
        "master: {memory: 256 MiB}",
        `environment: ${daskEnvironment()}`,
        "scheduler: {memory: 512 MiB}",
        "worker: {count: 2, memory: 512 MiB}",
      ].join("\n"),
      { cwd: ROOT },
    );
    const app = await submit(spec, {
      runtime: { distDir: await bundles() },
      onEvent: trackApps,
    });
    try {
      const secret = await readSecret(hdfs, app.stagingDir);
      let s = await until(
        app,
        "2 workers",
        (x) => counts(x, "dask.worker").RUNNING === 2 && !!x.dask?.dashboardUrl,
        180_000,
      );
      const dashboard = s.dask!.dashboardUrl!;
      let names: string[] = [];
      for (let i = 0; i < 120 && names.length < 2; i++, await new Promise((r) => setTimeout(r, 500)))
        names = await schedulerWorkers(dashboard, secret);
      assert.deepEqual(names, ["dask.worker_0", "dask.worker_1"]);

      await app.client.scale("dask.worker", 4);
      await until(app, "4 workers", (x) => counts(x, "dask.worker").RUNNING === 4, 120_000);
      for (let i = 0; i < 120 && names.length < 4; i++, await new Promise((r) => setTimeout(r, 500)))
        names = await schedulerWorkers(dashboard, secret);
      assert.equal(names.length, 4);

      await app.client.scale("dask.worker", 1);
      s = await until(
        app,
        "1 worker",
        (x) => counts(x, "dask.worker").RUNNING === 1 && counts(x, "dask.worker").KILLED === 3,
        120_000,
      );
      assert.deepEqual(await schedulerWorkers(dashboard, secret), ["dask.worker_0"]);

      await app.client.shutdown("SUCCEEDED", "dask test done");
      const end = await waitForFinish(app.appId, {
        timeoutMs: 120_000,
        env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
      });
      assert.equal(end.finalStatus, "SUCCEEDED");
    } finally {
      await killLeftovers();
    }
  },
);
