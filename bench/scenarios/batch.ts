// Batch job: submit a trivial script (one worker, sum of three numbers) → the application's final
// status, ours cold (upload cache emptied) and warm, against `dask-yarn submit`. Our `submit
// --wait` returns at the end by itself; `dask-yarn submit` returns once submitted, so its end is
// the RM reporting the application finished (polled every 200 ms). Both must end SUCCEEDED.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { openCluster } from "../../src/launcher/cluster.js";
import { ResourceManagerClient, TERMINAL_STATES } from "../../src/yarn-rest/index.js";
import { ROOT, sleep } from "../lib/cluster.js";
import { measured, sampled, type BenchContext, type Scenario } from "../lib/scenario.js";

const SIZES = ["--worker-count", "1", "--worker-vcores", "1", "--worker-memory", "512 MiB"];
const MORE = ["--scheduler-memory", "512 MiB", "--client-memory", "512 MiB"];
const JOB_OURS = join(ROOT, "bench", "py", "batch_ours.py");
const JOB_PEER = join(ROOT, "bench", "py", "batch_dask_yarn.py");

async function ours(ctx: BenchContext, cold: boolean): Promise<number> {
  if (cold) {
    const session = await openCluster({ hadoop: { confDir: ctx.cluster.confDir } });
    await session.hdfs.delete(session.cacheDir, true);
  }
  const argv = [join(ROOT, "dist", "cli.js"), "submit", "--wait", "--environment", ctx.daskEnv, ...SIZES, ...MORE];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...argv, "--name", "tsdask-bench-batch", JOB_OURS], {
    env: ctx.env,
    encoding: "utf8",
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`tsdask-yarn submit --wait exited ${r.status}: ${r.stderr.slice(-600)}`);
  return Date.now() - t0;
}

async function peer(ctx: BenchContext, rm: ResourceManagerClient): Promise<number> {
  if ("missing" in ctx.peer) throw new Error(ctx.peer.missing);
  const bin = join(ctx.peer.dir, "venv", "bin", "dask-yarn");
  const archive = join(ctx.peer.dir, "environment.tar.gz");
  const t0 = Date.now();
  const r = spawnSync(
    bin,
    [
      "submit",
      "--environment",
      archive,
      ...SIZES.map((a) => a.replace(" ", "")),
      ...MORE.map((a) => a.replace(" ", "")),
      "--name",
      "tsdask-bench-batch-dy",
      JOB_PEER,
    ],
    {
      env: ctx.env,
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  const appId = /application_\d+_\d+/.exec(r.stdout + r.stderr)?.[0];
  if (r.status !== 0 || !appId) throw new Error(`dask-yarn submit exited ${r.status}: ${r.stderr.slice(-600)}`);
  const end = Date.now() + 900_000;
  while (Date.now() < end) {
    const report = await rm.applicationReport(appId);
    if (TERMINAL_STATES.includes(report.state)) {
      if (report.finalStatus !== "SUCCEEDED") throw new Error(`dask-yarn job ${appId} ended ${report.finalStatus}`);
      return Date.now() - t0;
    }
    await sleep(200);
  }
  await rm.killApplication(appId, "bench: no end in 900 s").catch(() => undefined);
  throw new Error(`dask-yarn job ${appId} did not end in 900 s`);
}

export const batch: Scenario = {
  name: "batch",
  needsCluster: true,
  async run(ctx) {
    const rm = new ResourceManagerClient({ urls: [ctx.cluster.rmWeb], user: ctx.cluster.user });
    const figures = [
      await measured("ours-cold", "tsdask-yarn submit --wait, cold", "ms", () =>
        sampled(ctx.runs, () => ours(ctx, true)),
      ),
      await measured("ours-warm", "tsdask-yarn submit --wait, warm", "ms", () =>
        sampled(ctx.runs, () => ours(ctx, false)),
      ),
      await measured("dask-yarn", "dask-yarn submit → FINISHED (cold = warm)", "ms", () =>
        sampled(ctx.runs, () => peer(ctx, rm)),
      ),
    ];
    return {
      figures,
      comparisons: [
        { title: "batch job, cold ÷ dask-yarn", ours: "ours-cold", peer: "dask-yarn", atMost: 0.5 },
        { title: "batch job, warm ÷ dask-yarn", ours: "ours-warm", peer: "dask-yarn", atMost: 0.5 },
      ],
      notes: [
        "One worker, scheduler, worker and script container 512 MiB; the script computes sum([1, 2, 3]) on the worker (bench/py/batch_*.py).",
      ],
    };
  },
};
