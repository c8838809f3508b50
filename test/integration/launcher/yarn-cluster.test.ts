// YarnCluster on the real cluster, used the way the README shows: `await using` a cluster of 2
// workers; a Python dask Client (the test's venv) connects to schedulerAddress and computes;
// scale(3) is seen by the scheduler; fromApplicationId attaches from "another process" and leaving
// its `await using` block leaves the application running; workers()
// and logs() report the containers; adapt({1,1}) lets the AM retire down to one worker. The block
// then throws: leaving it shuts the application down (FINISHED/SUCCEEDED) and its staging
// directory is gone.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { YarnCluster } from "../../../src/launcher/index.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../../src/yarn-rest/index.js";
import { runPython, schedulerSees, SUM_PY } from "../../support/dask-python.js";
import { cluster, daskEnvironment, hdfs, rm } from "./support.js";

const tag = `tsdask-it-yarncluster-${process.pid}`;
// No personal config or TSDASK_YARN_* variables change what the test asks for.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TSDASK_YARN_")));
const homeDir = mkdtempSync(join(tmpdir(), "tsdask-yc-home-"));

after(async () => {
  const apps = await new ResourceManagerClient({ urls: [cluster.rmWeb], user: cluster.user })
    .listApplications({ tags: [tag] })
    .catch(() => []);
  for (const a of apps) {
    if (!TERMINAL_STATES.includes(a.state)) await rm.killApplication(a.id, "test cleanup").catch(() => undefined);
  }
});

const running = async (c: YarnCluster) =>
  (await c.status()).services.find((s) => s.name === "dask.worker")!.counts.RUNNING;

test(
  "YarnCluster: start 2 workers, compute, scale 3, attach, adapt; await using shuts down on a throw",
  {
    timeout: 600_000,
  },
  async () => {
    let appId = "";
    let stagingDir = "";
    await assert.rejects(async () => {
      await using c = await YarnCluster.start({
        environment: daskEnvironment(),
        nWorkers: 2,
        workerMemory: "512 MiB",
        schedulerMemory: "512 MiB",
        maxAttempts: 1,
        name: `tsdask-it-yarncluster-${process.pid}`,
        tags: [tag],
        hadoopConfDir: cluster.confDir,
        env,
        homeDir,
      });
      appId = c.appId;
      stagingDir = c.stagingDir;
      assert.match(c.schedulerAddress, /^tls:\/\/[^:]+:\d+$/);
      const creds = mkdtempSync(join(tmpdir(), "tsdask-it-creds-"));
      const written = await c.credentials(creds);
      assert.match(written.security, /^Security\(tls_ca_file=.*require_encryption=True\)$/);
      assert.match(c.dashboardLink ?? "", /^http:\/\//);
      assert.equal(
        c.proxiedDashboardLink,
        `${cluster.rmWeb}/proxy/${c.appId}/`,
        "the tracking page through the RM proxy",
      );
      assert.equal(await running(c), 2, "start() resolves once the requested workers run");

      assert.equal((await runPython(SUM_PY, c.schedulerAddress, 120_000, creds)).trim(), "499500");

      assert.deepEqual(await c.scale(3), { service: "dask.worker", previous: 2, desired: 3 });
      await c.waitForWorkers(3, { timeoutMs: 120_000 });
      assert.equal(await schedulerSees(c.schedulerAddress, 3, 90_000, creds), 3);
      const workers = await c.workers();
      assert.deepEqual(workers.map((w) => w.instanceId).sort(), ["dask.worker_0", "dask.worker_1", "dask.worker_2"]);

      {
        await using again = await YarnCluster.fromApplicationId(c.appId, { hadoopConfDir: cluster.confDir, env });
        assert.equal(again.schedulerAddress, c.schedulerAddress);
        assert.equal(again.dashboardLink, c.dashboardLink);
        assert.equal(again.proxiedDashboardLink, `${cluster.rmWeb}/proxy/${c.appId}/`);
      }
      // Leaving the attached cluster's block left the application running (it is c's to end).
      assert.equal((await rm.applicationReport(c.appId)).state, "RUNNING");
      assert.equal(await schedulerSees(c.schedulerAddress, 3, 90_000, creds), 3);

      const logs = await c.logs({ services: ["dask.worker"] });
      assert.ok(logs.length >= 3, `a file per worker at least, got ${logs.length}`);
      const workerLog = logs.find((l) => l.instanceId === "dask.worker_0" && /Start worker|Registered to/.test(l.text));
      assert.ok(workerLog, `dask.worker_0's log shows it started: ${logs.map((l) => `${l.instanceId}/${l.file}`)}`);

      // Adaptive in the AM: nothing to compute, so the target drops to the minimum.
      assert.deepEqual(await c.adapt({ minimum: 1, maximum: 1 }), { service: "dask.worker", minimum: 1, maximum: 1 });
      assert.equal(await schedulerSees(c.schedulerAddress, 1, 90_000, creds), 1);

      throw new Error("boom in the user's code");
    }, /boom in the user's code/);

    const end = await rm.applicationReport(appId);
    assert.deepEqual([end.state, end.finalStatus], ["FINISHED", "SUCCEEDED"]);
    assert.equal(await hdfs.statIfExists(stagingDir), undefined, "staging directory removed");
  },
);
