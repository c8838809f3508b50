// Cold starts on the other localization rig: the cluster restarted with `--local-fs shell`, Hadoop's
// own behaviour without libhadoop (one `chmod` process per unpacked file), where the dask scenario
// runs native-like (`--local-fs nio`, one system call per file, as a real site). Same figures as
// the dask scenario's cold start at 2 workers: ours, dask-yarn's and the floor's.
import { CLUSTER_OPTIONS } from "../lib/context.js";
import { measured, runsOf, type Figure, type Scenario } from "../lib/scenario.js";
import { oursOnce, peerOnce } from "./dask.js";
import { floorOnce } from "./floor.js";

const N = 2;

export const coldShell: Scenario = {
  name: "cold-shell",
  needsCluster: true,
  clusterOptions: [...CLUSTER_OPTIONS.filter((o) => o !== "--local-fs" && o !== "nio"), "--local-fs", "shell"],
  async run(ctx) {
    const times = async (f: () => Promise<number>) => {
      const xs: number[] = [];
      for (let i = 0; i < runsOf(ctx, true); i++) xs.push(await f());
      return xs;
    };
    const figures: Figure[] = [
      await measured(`ours-cold-${N}`, `tsdask-yarn cold start, ${N} workers (chmod rig)`, "ms", () =>
        times(async () => (await oursOnce(ctx, N, true, false)).startMs),
      ),
      await measured(`dask-yarn-${N}`, `dask-yarn start (cold = warm), ${N} workers (chmod rig)`, "ms", () =>
        times(async () => (await peerOnce(ctx, N, false)).startMs),
      ),
      await measured(`floor-cold-${N}`, `floor (YARN + Skein AM), cold, ${N} containers (chmod rig)`, "ms", () =>
        times(() => floorOnce(ctx, ctx.daskEnv, N)),
      ),
    ];
    return {
      figures,
      comparisons: [
        {
          title: `chmod rig: cold start, ${N} workers ÷ dask-yarn`,
          ours: `ours-cold-${N}`,
          peer: `dask-yarn-${N}`,
          atMost: 0.5,
        },
        {
          title: `chmod rig: cold start, ${N} workers ÷ floor`,
          ours: `ours-cold-${N}`,
          peer: `floor-cold-${N}`,
          atMost: 1.3,
        },
        {
          title: `cold start, ${N} workers: native-like ÷ chmod rig`,
          ours: `dask:ours-cold-${N}`,
          peer: `ours-cold-${N}`,
          atMost: 1,
        },
      ],
      notes: [
        "Cluster for this scenario: the harness's options with `--local-fs shell` — the NodeManager sets the permission of each file it unpacks with a `chmod` process, as Hadoop does without libhadoop (Maven Central ships none). The other scenarios run `--local-fs nio` (one java.nio call per file, as a site with the native library). The last comparison has no target in the issue; ≤ 1 only says the native-like rig is not slower.",
      ],
    };
  },
};
