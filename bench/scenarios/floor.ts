// The floor under every start scenario: what YARN alone needs to run `python -c "import
// distributed"` from our environment archive in N containers of the workers' size (512 MiB,
// 1 vcore), launched by Skein's Java AM (bench/py/floor.py says why not DistributedShell), for
// the same N as the dask scenario's start curve (--workers):
//  - cold: the archive uploaded with each application, so the NodeManager localizes it afresh;
//  - warm: the archive in HDFS once, localized PRIVATE, one unmeasured run first to fill the
//    NodeManager's cache (as our warm start finds it filled).
// Time = the RM's startedTime → finishedTime of the application: submission accepted, AM start,
// containers allocated, localized, launched, Python imported distributed and exited, AM done.
// It leaves out the client (Skein's own, and the upload before submission): the floor is YARN's.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../lib/cluster.js";
import { LineChild } from "../lib/child-lines.js";
import { getJson } from "../lib/rm-watch.js";
import { measured, runsOf, WORKERS_HEAVY, type BenchContext, type Figure, type Scenario } from "../lib/scenario.js";

const MEMORY_MB = 512;
const HDFS_ARCHIVE = "/tmp/tsdask-bench-floor/environment.tar.gz";

/** One application of n importers; its RM-side duration in ms. */
export async function floorOnce(ctx: BenchContext, archive: string, n: number): Promise<number> {
  if ("missing" in ctx.peer) throw new Error(`the floor runs on Skein: ${ctx.peer.missing}`);
  const py = join(ctx.peer.dir, "venv", "bin", "python");
  const run = new LineChild(
    [py, join(ROOT, "bench", "py", "floor.py"), archive, String(n), String(MEMORY_MB)],
    ctx.env,
  );
  try {
    const appId = (await run.next("the floor application id", 180_000)).trim();
    const status = (await run.next(`${appId} to finish`, 900_000)).trim();
    const app = (await getJson(`${ctx.cluster.rmWeb}/ws/v1/cluster/apps/${appId}`)).app;
    if (status !== "SUCCEEDED")
      throw new Error(`floor application ${appId} ended ${status}: ${String(app.diagnostics).slice(0, 400)}`);
    return app.finishedTime - app.startedTime;
  } finally {
    if ((await run.end(60_000)) !== 0) console.error(`floor.py: ${run.stderrTail.slice(-600)}`);
  }
}

/** Puts the archive at a fixed HDFS path (a new timestamp: the NodeManager's cache starts cold). */
export function putArchive(ctx: BenchContext): string {
  const hadoop = join(ROOT, "cluster", "hadoop");
  const dir = HDFS_ARCHIVE.slice(0, HDFS_ARCHIVE.lastIndexOf("/"));
  spawnSync(hadoop, ["hdfs", "dfs", "-mkdir", "-p", dir], { env: ctx.env, timeout: 120_000 });
  const put = spawnSync(hadoop, ["hdfs", "dfs", "-put", "-f", ctx.daskEnv, HDFS_ARCHIVE], {
    env: ctx.env,
    encoding: "utf8",
    timeout: 300_000,
  });
  if (put.status !== 0) throw new Error(`hdfs dfs -put of the archive failed: ${(put.stderr ?? "").slice(-400)}`);
  return `${ctx.cluster.defaultFS.replace(/\/$/, "")}${HDFS_ARCHIVE}`;
}

export const floor: Scenario = {
  name: "floor",
  needsCluster: true,
  async run(ctx) {
    const figures: Figure[] = [];
    let remote: string | undefined;
    for (const n of ctx.workers) {
      const runs = runsOf(ctx, n >= WORKERS_HEAVY);
      figures.push(
        await measured(`floor-cold-${n}`, `floor (YARN + Skein AM), cold, ${n} containers`, "ms", async () => {
          const xs: number[] = [];
          for (let i = 0; i < runs; i++) xs.push(await floorOnce(ctx, ctx.daskEnv, n));
          return xs;
        }),
        await measured(`floor-warm-${n}`, `floor (YARN + Skein AM), warm, ${n} containers`, "ms", async () => {
          if (!remote) {
            remote = putArchive(ctx);
            await floorOnce(ctx, remote, 1); // fills the NodeManager's private cache, not measured
          }
          const xs: number[] = [];
          for (let i = 0; i < runs; i++) xs.push(await floorOnce(ctx, remote, n));
          return xs;
        }),
      );
    }
    return {
      figures,
      comparisons: ctx.workers.flatMap((n) => [
        // The targets: warm ≤ 1.5 × floor at N = 8 and 32, cold ≤ 1.3 × floor (native-like rig).
        {
          title: `cold start, ${n} workers ÷ floor`,
          ours: `dask:ours-cold-${n}`,
          peer: `floor-cold-${n}`,
          atMost: 1.3,
        },
        {
          title: `warm start, ${n} workers ÷ floor`,
          ours: `dask:ours-warm-${n}`,
          peer: `floor-warm-${n}`,
          atMost: 1.5,
        },
      ]),
      notes: [
        `The floor: Skein's Java AM runs \`environment/bin/python -c "import distributed"\` from our archive (${MEMORY_MB} MiB / 1 vcore containers, as our workers) in N containers and ends; RM startedTime → finishedTime. Cold: the archive uploaded with each application (its upload not counted); warm: from HDFS, PRIVATE, the NodeManager's cache filled by one unmeasured run. Ours is measured from spawning our CLI (so it includes our client, the upload on a cold start and the scheduler) to N workers registered: ours ÷ floor is what our whole start costs over YARN's part of it.`,
      ],
    };
  },
};
