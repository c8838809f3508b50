// AM resident memory and allocation throughput, ours against Skein's Java AM and DistributedShell's,
// at n = 1, 32, 50, 500 and 2,000 trivial containers (--containers). Per tool and n, each run starts a fresh
// application holding n `sleep 600` containers (128 MiB, 1 vcore) and measures
//  - allocation: from the RM seeing the application RUNNING (its AM registered) to the RM listing
//    all n containers RUNNING (launched on their NodeManagers), and, on the way, to all n
//    allocated; the RM REST API polled every 100 ms for every tool alike;
//  - the AM's resident memory (VmRSS from /proc of the AM container's node or java process) after
//    the n containers ran for 10 s, and the AM container's size as its NodeManager reports it.
// The cluster is restarted with two NodeManagers of 1,024 vcores each.
import { AM_TOOLS, type AmTool } from "../lib/am-apps.js";
import { sleep } from "../lib/cluster.js";
import { mib } from "../lib/proc.js";
import { amFootprint, untilAllRunning } from "../lib/rm-watch.js";
import {
  CONTAINERS_HEAVY,
  measured,
  runsOf,
  type BenchContext,
  type Comparison,
  type Figure,
  type Scenario,
  type ScenarioResult,
} from "../lib/scenario.js";

const SETTLE_MS = 10_000;
const TOOLS: AmTool[] = ["ours", "skein", "distributedshell"];

interface Run {
  readonly allocatedMs: number;
  readonly runningMs: number;
  readonly rssMib: number;
  readonly anonMib: number;
  readonly containerMb: number;
  readonly containerVcores: number;
  /** Ours: the AM's allocate loop, mean RM round trip and mean handling per iteration (ms). */
  readonly allocateMs?: number;
  readonly handleMs?: number;
}

async function once(ctx: BenchContext, tool: AmTool, n: number): Promise<Run> {
  const app = AM_TOOLS[tool].start(ctx, n);
  try {
    // Up to 15 min for 500 containers on a loaded 2-core machine (45 for 2,000); a failed client ends it sooner.
    const bound = n > 500 ? 2_700_000 : 900_000;
    const all = await Promise.race([untilAllRunning(ctx.cluster.rmWeb, () => app.appId(), n, bound), app.failed]);
    await sleep(SETTLE_MS);
    const fp = await amFootprint(ctx.cluster.rmWeb, all.appId, app.exe);
    const loop = await app.allocateLoop?.();
    return {
      ...(loop ? { allocateMs: loop.allocate.meanMs, handleMs: loop.handle.meanMs } : {}),
      allocatedMs: all.allocatedAt - all.registeredAt,
      runningMs: all.allRunningAt - all.registeredAt,
      rssMib: mib(fp.rssBytes),
      anonMib: mib(fp.anonBytes),
      containerMb: fp.containerMb,
      containerVcores: fp.containerVcores,
    };
  } finally {
    await app.stop();
  }
}

export const containers: Scenario = {
  name: "containers",
  needsCluster: true,
  // 2,000 containers of 128 MiB / 1 vcore plus an AM: two NMs of 1,024 vcores and 160 GiB each
  // (declared, not used: a `sleep` takes a few hundred KiB).
  clusterOptions: ["--nodes", "2", "--nm-memory-mb", "163840", "--nm-vcores", "1024", "--many-small-containers"],
  async run(ctx): Promise<ScenarioResult> {
    const figures: Figure[] = [];
    const sizes = new Map<AmTool, string>();
    for (const tool of TOOLS) {
      const label = AM_TOOLS[tool].label;
      for (const n of ctx.containers) {
        const runs: Run[] = [];
        const measure = async () => {
          for (let i = 0; i < runsOf(ctx, n >= CONTAINERS_HEAVY); i++) runs.push(await once(ctx, tool, n));
          const r = runs[0]!;
          sizes.set(tool, `${r.containerMb} MiB / ${r.containerVcores} vcore(s)`);
          return runs.map((x) => x.rssMib);
        };
        const rss = await measured(`rss-${tool}-${n}`, `${label} resident memory, ${n} container(s)`, "MiB", measure);
        figures.push(rss);
        figures.push(
          await measured(`anon-${tool}-${n}`, `${label} anonymous memory (RssAnon), ${n} container(s)`, "MiB", () => {
            if (rss.missing) throw new Error(rss.missing);
            return Promise.resolve(runs.map((x) => x.anonMib));
          }),
        );
        if (tool === "ours")
          for (const [id, what, k] of [
            ["loop-rm", "allocate call (RM round trip), mean per iteration", "allocateMs"],
            ["loop-am", "handling of each allocate answer, mean per iteration", "handleMs"],
          ] as const)
            figures.push(
              await measured(`${id}-${n}`, `${label}: ${what}, ${n} container(s)`, "ms", () => {
                const xs = runs.map((x) => x[k]).filter((x): x is number => x !== undefined);
                if (!xs.length) throw new Error(rss.missing ?? "the AM's status had no allocateLoop");
                return Promise.resolve(xs);
              }),
            );
        for (const [id, what, k] of [
          ["alloc", "allocated", "allocatedMs"],
          ["running", "RUNNING", "runningMs"],
        ] as const) {
          figures.push(
            await measured(`${id}-${tool}-${n}`, `${label}: registered → ${n} container(s) ${what}`, "ms", () => {
              if (rss.missing) throw new Error(rss.missing);
              return Promise.resolve(runs.map((x) => x[k]));
            }),
          );
        }
      }
    }
    const top = Math.max(...ctx.containers);
    const comparisons: Comparison[] = [];
    if (ctx.containers.includes(50))
      comparisons.push({
        title: "AM memory, 50 containers ÷ Skein",
        ours: "rss-ours-50",
        peer: "rss-skein-50",
        atMost: 0.25,
      });
    comparisons.push({
      title: `${top}-container allocation ÷ DistributedShell`,
      ours: `running-ours-${top}`,
      peer: `running-distributedshell-${top}`,
      atMost: 1.1,
    });
    const oursTop = figures.find((f) => f.id === `rss-ours-${top}`)?.stats?.median;
    return {
      figures,
      comparisons,
      notes: [
        `Containers: \`sleep 600\`, 128 MiB / 1 vcore. AM containers as each NodeManager sized them: ${TOOLS.map((t) => `${AM_TOOLS[t].label} ${sizes.get(t) ?? "not measured"}`).join("; ")}.`,
        `Resident memory = VmRSS of the AM process (node or java) in /proc, ${SETTLE_MS / 1000} s after all containers ran; its anonymous part (RssAnon) is what the process itself allocated (heap, stacks), the rest is the mapped executable and libraries (node's binary alone maps about 30–45 MiB, the JVM's libjvm and class data likewise), pages a host shares between the processes running the same file. Allocation = RM REST polled every 100 ms, from the application RUNNING (AM registered) to runningContainers = n + 1 (allocated) and to n + 1 containers in state RUNNING in the attempt's container list (launched; the comparison uses this one), the same for every tool.`,
        `Target ≤ 150 MB for our AM at 500 containers: ${top < 500 ? `not measured (this run went to ${top} containers)` : oursTop === undefined ? "not measured" : `${oursTop} MiB = ${((oursTop * 2 ** 20) / 1e6).toFixed(0)} MB, ${(oursTop * 2 ** 20) / 1e6 <= 150 ? "met" : "**missed**"}`}.`,
        "Cluster for this scenario: cluster/hadoop up --nodes 2 --nm-memory-mb 163840 --nm-vcores 1024 --many-small-containers (restarted with these options, then back to the harness's default ones).",
        "Our AM's allocate loop (its status report's application.allocateLoop, read 10 s after all ran): the allocate call is the RM's round trip, the handling is our AM's work on each answer (slots, launches, journal); means over the application's iterations so far. Skein's and DistributedShell's AMs report no such figure.",
      ],
    };
  },
};
