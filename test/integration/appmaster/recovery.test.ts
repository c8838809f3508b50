// AM recovery on the real cluster: a dask app (scheduler + 2 workers, max-attempts 2) with a
// Python dask Client holding a persisted dataset; `kill -9` of the AM process; attempt 2 adopts the
// SAME containers from the journal, the key-value store still has the scheduler, the client's
// computation and dataset survive, scale still works, and a clean shutdown ends SUCCEEDED.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { connect, scaleService, waitForFinish } from "../../../src/launcher/index.js";
import { getJson } from "../../support/cluster.js";
import { credentialsDir } from "../../support/dask-python.js";
import { PySession } from "../../support/py-session.js";
import { submitDask } from "./dask-support.js";
import { cluster, containerIds, counts, hdfs, killLeftovers, readJournal } from "./support.js";

after(killLeftovers);

/** The pid of the AM's node process: the /proc entry running appmaster.js in that container. */
function amPid(amContainerId: string): number | undefined {
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
      if (!cmd.includes("appmaster.js")) continue;
      if (readFileSync(`/proc/${p}/environ`, "utf8").split("\0").includes(`CONTAINER_ID=${amContainerId}`))
        return Number(p);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll<T>(what: string, timeoutMs: number, f: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (err) {
      lastErr = err;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${lastErr ? `: ${(lastErr as Error).message}` : ""}`);
}

// After the recovery: the published dataset, a fresh task, and the dataset still listed.
const ASK = `y = c.get_dataset("ones")
out = {"sum": float(y.sum().compute()), "total": c.submit(sum, range(100)).result(),
       "datasets": sorted(c.list_datasets())}`;

test(
  "kill -9 of the AM: attempt 2 adopts the running containers, dask keeps working",
  { timeout: 900_000 },
  async () => {
    // A shared cluster may be full for a while: wait longer than the default for the AM.
    const app = await submitDask("recovery", ["scheduler: {memory: 512 MiB}", "worker: {count: 2, memory: 512 MiB}"], {
      maxAttempts: 2,
      registrationTimeoutMs: 600_000,
    });
    let py: PySession | undefined;
    try {
      const s1 = await poll("2 workers", 180_000, async () => {
        const s = await app.client.status();
        return counts(s, "dask.worker").RUNNING === 2 && s.dask?.schedulerAddress ? s : undefined;
      });
      const workers = containerIds(s1, "dask.worker");
      const scheduler = containerIds(s1, "dask.scheduler");
      assert.match(s1.dask!.schedulerAddress!, /^tls:\/\//, "TLS is the default");
      py = new PySession(s1.dask!.schedulerAddress!, await credentialsDir(hdfs, app.stagingDir, app.appId));
      const persist = `x = c.persist(da.ones((2000, 2000), chunks=(500, 500)))
c.publish_dataset(ones=x)
out = float(x.sum().compute())`;
      assert.equal(await py.run(persist), 4_000_000);

      // The journal (debounced ≤ 1 s) must know every running container before the kill.
      await poll("the journal", 30_000, async () => {
        const j = await readJournal(app.stagingDir);
        const ids = (j.containers as { containerId: string }[]).map((c) => c.containerId);
        return [...workers, ...scheduler].every((id) => ids.includes(id)) &&
          j.kv.entries.some(([k]: [string]) => k === "dask.scheduler")
          ? j
          : undefined;
      });

      const amContainer = `container_${app.appId.slice("application_".length)}_01_000001`;
      const pid = amPid(amContainer);
      assert.ok(pid, `no AM process for ${amContainer}`);
      // KV puts in flight right up to the kill (issue 21): each acknowledged one must survive it.
      const acked: string[] = [];
      let killed = false;
      const writer = (async () => {
        for (let i = 0; !killed; i += 8) {
          const batch = Array.from({ length: 8 }, (_, j) => `probe.${i + j}`);
          const done = await Promise.allSettled(batch.map((k) => app.client.kvPut(k, k)));
          // Only answers that came before the kill count: later ones cannot have come from this AM.
          if (!killed) done.forEach((d, j) => d.status === "fulfilled" && acked.push(batch[j]!));
          if (done.some((d) => d.status === "rejected")) return;
        }
      })();
      await poll("100 acknowledged puts", 60_000, async () => (acked.length >= 100 ? true : undefined));
      const killedAt = Date.now();
      process.kill(pid, "SIGKILL");
      killed = true;
      await writer;
      // A scale sent while the AM restarts waits for the next attempt instead of failing (issue 21).
      const notices: string[] = [];
      const scaling = scaleService(app.appId, "dask.worker", 3, {
        env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
        onNotice: (m) => notices.push(m),
      });

      const attemptsUrl = `${cluster.rmWeb}/ws/v1/cluster/apps/${app.appId}/appattempts`;
      await poll("attempt 2", 120_000, async () => {
        const a = (await getJson(attemptsUrl)).appAttempts?.appAttempt ?? [];
        return a.length >= 2 ? a : undefined;
      });
      const again = await poll("the new AM", 120_000, async () => {
        const c = await connect(app.appId, { env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir } });
        return c.controlUrl !== app.controlUrl ? c : undefined;
      });
      const registeredAt = Date.now();
      // connect() trusts the application's CA alone and checks the host name: the new attempt's
      // own certificate for its node is signed by the same CA.
      assert.match(again.controlUrl, /^https:\/\//);
      const s2 = await poll("the recovered status", 60_000, async () => {
        const s = await again.client.status();
        return s.application.state === "RUNNING" ? s : undefined;
      });
      const okAt = Date.now();
      console.log(
        `recovery timings: kill -> attempt 2 registered ${registeredAt - killedAt} ms, -> status RUNNING ${okAt - killedAt} ms`,
      );
      assert.equal(s2.application.attempt, 2);
      assert.deepEqual(containerIds(s2, "dask.worker"), workers);
      assert.deepEqual(containerIds(s2, "dask.scheduler"), scheduler);
      assert.equal(s2.dask?.schedulerAddress, s1.dask!.schedulerAddress);
      assert.equal(await again.client.kvGet("dask.scheduler"), s1.dask!.schedulerAddress);
      const lost = [];
      for (const k of acked) if ((await again.client.kvGet(k).catch(() => undefined)) !== k) lost.push(k);
      console.log(`KV: ${acked.length} puts acknowledged before the kill, ${lost.length} lost`);
      assert.deepEqual(lost, [], "acknowledged KV puts lost by the AM kill");

      const r = await py.run(ASK);
      assert.deepEqual(r, { sum: 4_000_000, total: 4950, datasets: ["ones"] });

      const scaled = await scaling;
      assert.equal(scaled.desired, 3);
      console.log(`scale during the AM restart: ${notices.join(" / ")}`);
      assert.ok(notices.length > 0, "the scale had to wait for the next attempt");
      const s3 = await poll("3 workers", 120_000, async () => {
        const s = await again.client.status();
        return counts(s, "dask.worker").RUNNING === 3 ? s : undefined;
      });
      for (const id of workers) assert.ok(containerIds(s3, "dask.worker").includes(id));
      assert.equal((await py.run<{ sum: number }>(ASK)).sum, 4_000_000);

      await again.client.shutdown("SUCCEEDED", "recovery test done");
      const end = await waitForFinish(app.appId, {
        timeoutMs: 120_000,
        env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
      });
      assert.equal(end.finalStatus, "SUCCEEDED");
      assert.equal(await hdfs.statIfExists(app.stagingDir), undefined);
    } finally {
      py?.close();
      await killLeftovers();
    }
  },
);
