// How a dask worker starts inside its container, side by side, warm start of N workers (the
// largest --workers up to 8): dask's Nanny starting the worker process with multiprocessing
// "spawn" (dask's own default: a second interpreter importing distributed again), with "fork"
// (our default, set by the service wrapper when the environment names no method: the worker is a
// copy of the nanny), with "forkserver" (distributed preloads itself into the fork server: dask's
// get_mp_context), and no nanny at all (worker-class distributed.Worker, one interpreter; our AM
// restarts a dead worker's container). Each option is named explicitly, so a change of our default
// cannot make two rows the same way:
//   --worker-env DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=spawn|fork|forkserver
//   --worker-class distributed.Worker
// Per option: start (submit → N registered), memory of each worker container (its python
// processes; all its processes), client.restart() until N are back, and a task allocating past
// the worker's memory limit (512 MiB) until N are back, with what became of the task.
import { join } from "node:path";
import { venvPython } from "../../test/support/dask-python.js";
import { ROOT } from "../lib/cluster.js";
import { LineChild } from "../lib/child-lines.js";
import { measured, runsOf, type BenchContext, type Figure, type Scenario } from "../lib/scenario.js";
import { submitOurs, type OursApp } from "./dask.js";

const METHOD = "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD";
export const WORKER_OPTIONS = [
  { id: "spawn", label: "nanny + spawn (dask's default)", flags: ["--worker-env", `${METHOD}=spawn`] },
  { id: "fork", label: "nanny + fork (our default)", flags: ["--worker-env", `${METHOD}=fork`] },
  { id: "forkserver", label: "nanny + forkserver", flags: ["--worker-env", `${METHOD}=forkserver`] },
  { id: "no-nanny", label: "no nanny (distributed.Worker)", flags: ["--worker-class", "distributed.Worker"] },
] as const;
const HOG_MIB = 700;

interface ProbeRun {
  readonly startMs: number;
  readonly pythonMib: number;
  readonly totalMib: number;
  readonly restartMs?: number;
  readonly restart: string;
  readonly killMs?: number;
  readonly kill: string;
}

async function probeOnce(ctx: BenchContext, n: number, flags: readonly string[]): Promise<ProbeRun> {
  const probe = new LineChild([venvPython(), join(ROOT, "bench", "py", "worker_probe.py"), String(HOG_MIB)], ctx.env);
  const t0 = Date.now();
  let app: OursApp | undefined;
  const step = async (what: string) => JSON.parse(await probe.next(what, 900_000)) as Record<string, any>;
  try {
    app = submitOurs(ctx, n, probe, [...flags]);
    probe.send(String(n));
    const startMs = (await step(`${n} workers registered`)).registered - t0;
    const memory = (await step("the workers' memory")).memory as { python_mib: number; total_mib: number }[];
    const avg = (k: "python_mib" | "total_mib") => memory.reduce((s, m) => s + m[k], 0) / memory.length;
    const restart = await step("client.restart()");
    const kill = await step("the memory kill");
    return {
      startMs,
      pythonMib: avg("python_mib"),
      totalMib: avg("total_mib"),
      ...(restart.restart_ms !== null ? { restartMs: restart.restart_ms } : {}),
      restart: restart.restart,
      ...(kill.kill_ms !== null ? { killMs: kill.kill_ms } : {}),
      kill: kill.kill,
    };
  } finally {
    await probe.end(30_000);
    app?.stop();
  }
}

export const workerOptions: Scenario = {
  name: "worker-options",
  needsCluster: true,
  async run(ctx) {
    const n = Math.max(...ctx.workers.filter((w) => w <= 8), 1);
    const figures: Figure[] = [];
    const outcomes: string[] = [];
    for (const o of WORKER_OPTIONS) {
      const runs: ProbeRun[] = [];
      // The runs happen once per option; a failed run fails all five figures with its reason.
      const probed = (async () => {
        for (let i = 0; i < runsOf(ctx, true); i++) runs.push(await probeOnce(ctx, n, o.flags));
      })();
      probed.catch(() => undefined);
      const of = (k: "startMs" | "pythonMib" | "totalMib" | "restartMs" | "killMs") => async () => {
        await probed;
        const xs = runs.map((r) => r[k]).filter((x): x is number => x !== undefined);
        if (!xs.length)
          throw new Error(`the workers did not come back: ${runs.map((r) => r.restart + "; " + r.kill).join(" | ")}`);
        return xs.map((x) => Math.round(x * 10) / 10);
      };
      figures.push(
        await measured(`${o.id}-start`, `${o.label}: warm start, ${n} workers`, "ms", of("startMs")),
        await measured(`${o.id}-python`, `${o.label}: python RSS per worker container`, "MiB", of("pythonMib")),
        await measured(
          `${o.id}-container`,
          `${o.label}: all processes' RSS per worker container`,
          "MiB",
          of("totalMib"),
        ),
        await measured(`${o.id}-restart`, `${o.label}: client.restart() until ${n} back`, "ms", of("restartMs")),
        await measured(`${o.id}-kill`, `${o.label}: task past the memory limit, until ${n} back`, "ms", of("killMs")),
      );
      outcomes.push(
        `${o.label}: restart → ${[...new Set(runs.map((r) => r.restart))].join(" / ") || "not run"}; memory kill → ${[...new Set(runs.map((r) => r.kill))].join(" / ") || "not run"}`,
      );
    }
    return {
      figures,
      comparisons: WORKER_OPTIONS.filter((o) => o.id !== "spawn").map((o) => ({
        title: `worker start, ${o.label} ÷ nanny + spawn`,
        ours: `${o.id}-start`,
        peer: "spawn-start",
        atMost: 1,
      })),
      notes: [
        `Warm start of ${n} workers (512 MiB / 1 vcore), each option set by the flags in bench/scenarios/worker-options.ts. Memory: VmRSS summed over the processes whose working directory is the worker's container, read by the worker itself 0 s after all registered (python = the interpreters: nanny, worker, fork server, resource tracker; all = also the launch script's shell and our service runner). Memory kill: one task allocating ${HOG_MIB} MiB (past the 512 MiB limit) with retries=0; the scheduler reschedules a task whose worker died up to distributed.scheduler.allowed-failures (3) times, so the figure runs until the task failed or finished and ${n} workers are registered again.`,
        `What happened: ${outcomes.join(". ")}.`,
        "The comparisons have no target in the issue; ≤ 1 says the option starts no slower than dask's own spawn.",
      ],
    };
  },
};
