// The AM with the dask roles on the real cluster, one app: scheduler + 2 workers come up (named
// after their instance ids) and a long-lived Python dask Client from the test computes on them;
// scale to 4 (the Client sees 4 workers) and persist a dataset spread over them; scale to 1: the
// AM retires workers through the scheduler's HTTP API before their containers stop, so the
// scheduler keeps exactly dask.worker_0, every key of the dataset is on it (who_has, checked
// before computing, so the answer is not just a recomputation) and the sum is still right.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { waitForFinish } from "../../../src/launcher/index.js";
import { readSecret } from "../../../src/launcher/connect.js";
import { credentialsDir } from "../../support/dask-python.js";
import { PySession } from "../../support/py-session.js";
import { cluster, counts, killLeftovers, hdfs, until } from "./support.js";
import { schedulerWorkers, submitDask } from "./dask-support.js";

after(killLeftovers);

// 20 chunks: enough to land on all 4 workers, small enough to move in well under a second.
const N = 1_000_000;
const CHUNK = 50_000;
const SUM = (N * (N - 1)) / 2;

// Runs in the Python client's namespace: where each key of `x` lives, as worker names.
const DEFINE_WHERE = `
def where():
    names = {a: str(w["name"]) for a, w in c.scheduler_info(n_workers=-1)["workers"].items()}
    return {str(k): sorted(names.get(a, a) for a in v) for k, v in c.who_has(x).items()}
`;
const WORKER_NAMES = `out = sorted(str(w["name"]) for w in c.scheduler_info(n_workers=-1)["workers"].values())`;

/** How many keys each worker holds (a key held twice counts for both). */
function perWorker(where: Record<string, string[]>): Record<string, number> {
  const n: Record<string, number> = {};
  for (const ws of Object.values(where)) for (const w of ws) n[w] = (n[w] ?? 0) + 1;
  return n;
}

async function pollPy<T>(py: PySession, code: string, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await py.run<T>(code);
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 500));
    v = await py.run<T>(code);
  }
  return v;
}

test(
  "dask: a Python Client computes; scale to 4, persist, scale to 1: the dataset survives the retire",
  { timeout: 900_000 },
  async () => {
    const t0 = Date.now();
    const app = await submitDask("dask", ["scheduler: {memory: 512 MiB}", "worker: {count: 2, memory: 512 MiB}"]);
    let py: PySession | undefined;
    try {
      const secret = await readSecret(hdfs, app.stagingDir);
      const s = await until(
        app,
        "2 workers",
        (x) => counts(x, "dask.worker").RUNNING === 2 && !!x.dask?.dashboardUrl && !!x.dask?.schedulerAddress,
        180_000,
      );
      const dashboard = s.dask!.dashboardUrl!;
      assert.match(s.dask!.schedulerAddress!, /^tls:\/\//, "TLS is the default");
      py = new PySession(s.dask!.schedulerAddress!, await credentialsDir(hdfs, app.stagingDir, app.appId));
      const two = await pollPy<string[]>(py, WORKER_NAMES, (w) => w.length === 2, 60_000);
      assert.deepEqual(two, ["dask.worker_0", "dask.worker_1"]);
      assert.equal(await py.run(`out = int(da.arange(${N}, chunks=${CHUNK}).sum().compute())`), SUM);
      const tUp = Date.now();

      await app.client.scale("dask.worker", 4);
      await until(app, "4 workers", (x) => counts(x, "dask.worker").RUNNING === 4, 120_000);
      const four = await pollPy<string[]>(py, WORKER_NAMES, (w) => w.length === 4, 60_000);
      assert.deepEqual(four, ["dask.worker_0", "dask.worker_1", "dask.worker_2", "dask.worker_3"]);
      const tFour = Date.now();

      await py.run(
        `x = c.persist(da.arange(${N}, chunks=${CHUNK}))\nwait(x)\nc.publish_dataset(arange=x)\n${DEFINE_WHERE}`,
      );
      const before = await py.run<Record<string, string[]>>("out = where()");
      console.log(`dataset keys per worker before the retire: ${JSON.stringify(perWorker(before))}`);
      assert.equal(Object.keys(before).length, N / CHUNK);
      assert.ok(Object.keys(perWorker(before)).length >= 2, "the dataset should be spread over several workers");
      const moved = Object.values(before).filter((ws) => !ws.includes("dask.worker_0")).length;
      assert.ok(moved > 0, "some keys must live on the workers about to be retired");

      const tScale = Date.now();
      await app.client.scale("dask.worker", 1);
      await until(
        app,
        "1 worker",
        (x) => counts(x, "dask.worker").RUNNING === 1 && counts(x, "dask.worker").KILLED === 3,
        180_000,
      );
      const tOne = Date.now();
      assert.deepEqual(await schedulerWorkers(dashboard, secret), ["dask.worker_0"]);
      assert.deepEqual(await py.run(WORKER_NAMES), ["dask.worker_0"]);
      // The scheduler's own record: one graceful retire of the 3 workers, none it could not retire
      // (their data moved), rather than 3 workers that just vanished.
      const retires = await py.run<{ retired: string[]; "could-not-retire": string[] }[]>(
        'out = [m for _, m in c.get_events("all") if isinstance(m, dict) and m.get("action") == "retire-workers"]',
      );
      assert.equal(retires.length, 1);
      assert.equal(retires[0]!.retired.length, 3);
      assert.deepEqual(retires[0]!["could-not-retire"], []);

      // Where the keys are BEFORE anything computes on them: all in memory on the remaining worker.
      const afterRetire = await py.run<Record<string, string[]>>("out = where()");
      console.log(`dataset keys per worker after the retire: ${JSON.stringify(perWorker(afterRetire))}`);
      assert.deepEqual(perWorker(afterRetire), { "dask.worker_0": N / CHUNK });
      assert.deepEqual(await py.run("out = sorted(c.list_datasets())"), ["arange"]);
      assert.equal(await py.run("out = int(x.sum().compute())"), SUM);
      assert.equal(await py.run('out = int(c.get_dataset("arange").sum().compute())'), SUM);
      console.log(
        `dask timings: submit -> 2 workers + first compute ${tUp - t0} ms, scale 4 seen ${tFour - tUp} ms, ` +
          `scale 1 (retire ${moved} keys + stop 3 containers) ${tOne - tScale} ms`,
      );

      await app.client.shutdown("SUCCEEDED", "dask test done");
      const end = await waitForFinish(app.appId, {
        timeoutMs: 120_000,
        env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
      });
      assert.equal(end.finalStatus, "SUCCEEDED");
    } finally {
      py?.close();
      await killLeftovers();
    }
  },
);
