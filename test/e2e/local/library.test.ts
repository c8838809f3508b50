// YarnCluster.start({ local: true }) (issue 15, item 6): the library's dask cluster as local
// processes, with no Hadoop: the scheduler is on this machine over mutual TLS, a Client computes with
// the credentials() files, scale and waitForWorkers follow the scheduler, logs() reads the
// containers' files, and leaving the `await using` block shuts it down with nothing left running.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { YarnCluster } from "../../../src/launcher/index.js";
import { SUM_PY, runPython } from "../../support/dask-python.js";
import { envArchive, LOCAL_ENV, localCli, noneLeft } from "./local-support.js";

test("YarnCluster.start({ local: true }): compute, scale, logs, and shutdown when the block is left", async () => {
  const env = { ...process.env, ...LOCAL_ENV };
  let appId = "";
  {
    await using cluster = await YarnCluster.start({ local: true, environment: envArchive(), nWorkers: 1, env });
    appId = cluster.appId;
    assert.match(appId, /^local_\d+_\d{4}$/);
    assert.match(cluster.schedulerAddress, /^tls:\/\/127\.0\.0\.1:\d+$/);
    const creds = mkdtempSync(join(tmpdir(), "tsdask-local-lib-"));
    await cluster.credentials(creds);
    assert.equal((await runPython(SUM_PY, cluster.schedulerAddress, 120_000, creds)).trim(), "499500");
    await cluster.scale(2);
    const s = await cluster.waitForWorkers(2, { timeoutMs: 120_000 });
    assert.equal(s.dask?.workers, 2);
    assert.equal((await cluster.workers()).length, 2);
    const logs = await cluster.logs({ services: ["dask.scheduler"], file: "stderr" });
    assert.equal(logs.length, 1);
    assert.match(logs[0]!.text, /Scheduler at:\s+tls:\/\/127\.0\.0\.1/);
    assert.equal((await cluster.report()).state, "RUNNING");
  }
  const attached = await YarnCluster.fromApplicationId(appId, { env }).catch((e: Error) => e);
  assert.ok(attached instanceof Error && /FINISHED|not running|ended/i.test(attached.message), String(attached));
  assert.deepEqual(await noneLeft(appId, 30_000), []);
  const status = await localCli(["status", appId]);
  assert.match(status.stdout, new RegExp(`${appId}\\s+\\S+\\s+FINISHED\\s+SUCCEEDED`));
});
