// Dask cluster start and scale, ours against dask-yarn, same container sizes (scheduler and
// workers 512 MiB / 1 vcore) and each tool's own packed environment:
//  - cold start: submit → N workers registered with the scheduler, our HDFS upload cache emptied
//    first; warm start: the same with the environment already in the cache. dask-yarn has no
//    upload cache (Skein uploads the archive with every application), so its one start per N
//    stands for both.
//  - scale-up 2 → 8 registered, scale-down 8 → 2 registered (ours retires through the scheduler).
// Times run from spawning the tool (our CLI; dask-yarn's Python script) to the observer seeing the
// scheduler's worker count, in epoch ms. Our observer imports dask while submit runs; ours then
// also runs `tsdask-yarn credentials` (the observer's mutual TLS files) inside the measured time.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openCluster } from "../../src/launcher/cluster.js";
import { ROOT } from "../lib/cluster.js";
import { LineChild } from "../lib/child-lines.js";
import {
  measured,
  missingFigure,
  runsOf,
  WORKERS_HEAVY,
  type BenchContext,
  type Figure,
  type Scenario,
} from "../lib/scenario.js";
import { venvPython } from "../../test/support/dask-python.js";

const SIZES = [
  "--worker-vcores",
  "1",
  "--worker-memory",
  "512 MiB",
  "--scheduler-vcores",
  "1",
  "--scheduler-memory",
  "512 MiB",
];
const cli = (ctx: BenchContext, args: string[], timeoutMs: number) =>
  spawnSync(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], {
    env: ctx.env,
    encoding: "utf8",
    timeout: timeoutMs,
  });

export interface OursRun {
  readonly startMs: number;
  readonly scaleUpMs?: number;
  readonly scaleDownMs?: number;
}

/** A started application of ours: its id and the directory of the observer's TLS files. */
export interface OursApp {
  readonly appId: string;
  readonly schedulerAddress: string;
  /** Kills the application and removes the credentials. */
  stop(): void;
}

/**
 * Submits a dask cluster of n workers (extra: more submit flags) and writes the observer's
 * credentials; `observer` gets the scheduler address, then the credentials directory.
 */
export function submitOurs(ctx: BenchContext, n: number, observer: LineChild, extra: string[] = []): OursApp {
  const sub = cli(
    ctx,
    [
      ...["submit", "--json", "--environment", ctx.daskEnv, "--worker-count", String(n)],
      ...SIZES,
      ...extra,
      ...["--name", "tsdask-bench-dask"],
    ],
    600_000,
  );
  const appId = /application_\d+_\d+/.exec(sub.stdout + sub.stderr)?.[0];
  let creds: string | undefined;
  const stop = () => {
    if (creds) rmSync(creds, { recursive: true, force: true });
    if (appId) cli(ctx, ["kill", appId], 120_000);
  };
  try {
    if (sub.status !== 0) throw new Error(`tsdask-yarn submit exited ${sub.status}: ${sub.stderr.slice(-600)}`);
    const { schedulerAddress } = JSON.parse(sub.stdout) as { schedulerAddress: string };
    observer.send(schedulerAddress);
    // Mutual TLS is on by default: the observer connects as a user would, with the app's files.
    creds = mkdtempSync(join(tmpdir(), "tsdask-bench-creds-"));
    const wrote = cli(ctx, ["credentials", appId!, "--dir", creds], 120_000);
    if (wrote.status !== 0)
      throw new Error(`tsdask-yarn credentials exited ${wrote.status}: ${wrote.stderr.slice(-600)}`);
    observer.send(creds);
    return { appId: appId!, schedulerAddress, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

export async function oursOnce(ctx: BenchContext, n: number, cold: boolean, scale: boolean): Promise<OursRun> {
  if (cold) {
    const session = await openCluster({ hadoop: { confDir: ctx.cluster.confDir } });
    await session.hdfs.delete(session.cacheDir, true);
  }
  const observer = new LineChild([venvPython(), join(ROOT, "bench", "py", "waiter.py")], ctx.env);
  const t0 = Date.now();
  let app: OursApp | undefined;
  try {
    app = submitOurs(ctx, n, observer);
    observer.send(String(n));
    const startMs = Number(await observer.next(`${n} workers registered`, 600_000)) - t0;
    if (!scale) return { startMs };
    const t1 = Date.now();
    if (cli(ctx, ["scale", app.appId, "8"], 120_000).status !== 0) throw new Error("tsdask-yarn scale 8 failed");
    observer.send("8");
    const scaleUpMs = Number(await observer.next("8 workers registered", 600_000)) - t1;
    const t2 = Date.now();
    if (cli(ctx, ["scale", app.appId, "2"], 120_000).status !== 0) throw new Error("tsdask-yarn scale 2 failed");
    observer.send("2");
    const scaleDownMs = Number(await observer.next("2 workers left", 600_000)) - t2;
    return { startMs, scaleUpMs, scaleDownMs };
  } finally {
    await observer.end(30_000);
    app?.stop();
  }
}

export async function peerOnce(ctx: BenchContext, n: number, scale: boolean): Promise<OursRun> {
  if ("missing" in ctx.peer) throw new Error(ctx.peer.missing);
  const py = join(ctx.peer.dir, "venv", "bin", "python");
  const archive = join(ctx.peer.dir, "environment.tar.gz");
  const args = [py, join(ROOT, "bench", "py", "dask_yarn_run.py"), "--environment", archive, "--workers", String(n)];
  const t0 = Date.now();
  const run = new LineChild(scale ? [...args, "--scale"] : args, ctx.env);
  const at = async (event: string) => {
    const [name, ms] = (await run.next(`dask-yarn ${event}`, 600_000)).split(" ");
    if (name !== event) throw new Error(`dask-yarn script said ${name}, expected ${event}`);
    return Number(ms);
  };
  try {
    const up = await at("up");
    if (!scale) return { startMs: up - t0 };
    // dask-yarn's scale() returns at once; the script stamps right before calling it.
    const up8 = await at("up8");
    const down2 = await at("down2");
    return { startMs: up - t0, scaleUpMs: up8 - up, scaleDownMs: down2 - up8 };
  } finally {
    if ((await run.end(180_000)) !== 0) console.error(`dask-yarn script: ${run.stderrTail.slice(-600)}`);
  }
}

export const dask: Scenario = {
  name: "dask",
  needsCluster: true,
  async run(ctx) {
    const figures: Figure[] = [];
    for (const n of ctx.workers) {
      const scale = n === 2;
      const runs = runsOf(ctx, n >= WORKERS_HEAVY);
      const oursCold: OursRun[] = [];
      const peer: OursRun[] = [];
      figures.push(
        await measured(`ours-cold-${n}`, `tsdask-yarn cold start, ${n} workers`, "ms", async () => {
          for (let i = 0; i < runs; i++) oursCold.push(await oursOnce(ctx, n, true, scale));
          return oursCold.map((r) => r.startMs);
        }),
        await measured(`ours-warm-${n}`, `tsdask-yarn warm start, ${n} workers`, "ms", async () => {
          const warm: OursRun[] = [];
          for (let i = 0; i < runs; i++) warm.push(await oursOnce(ctx, n, false, false));
          return warm.map((r) => r.startMs);
        }),
        await measured(`dask-yarn-${n}`, `dask-yarn start (cold = warm), ${n} workers`, "ms", async () => {
          for (let i = 0; i < runs; i++) peer.push(await peerOnce(ctx, n, scale));
          return peer.map((r) => r.startMs);
        }),
      );
      if (scale) {
        const pick = (rs: OursRun[], k: "scaleUpMs" | "scaleDownMs") => rs.map((r) => r[k]!).filter(Number.isFinite);
        for (const [id, label, rs] of [
          ["ours", "tsdask-yarn", oursCold],
          ["dask-yarn", "dask-yarn", peer],
        ] as const) {
          for (const [k, what] of [
            ["scaleUpMs", "scale-up 2 → 8"],
            ["scaleDownMs", "scale-down 8 → 2"],
          ] as const) {
            const xs = pick(rs, k);
            figures.push(
              xs.length
                ? await measured(`${id}-${k}`, `${label} ${what}`, "ms", () => Promise.resolve(xs))
                : missingFigure(`${id}-${k}`, `${label} ${what}`, "ms", `the start before it failed`),
            );
          }
        }
      }
    }
    return {
      figures,
      comparisons: [
        ...ctx.workers.flatMap((n) => [
          {
            title: `cold start, ${n} workers ÷ dask-yarn`,
            ours: `ours-cold-${n}`,
            peer: `dask-yarn-${n}`,
            atMost: 0.5,
          },
          {
            title: `warm start, ${n} workers ÷ dask-yarn`,
            ours: `ours-warm-${n}`,
            peer: `dask-yarn-${n}`,
            atMost: 0.25,
          },
        ]),
        ...(ctx.workers.includes(2)
          ? [{ title: "scale-up 2 → 8 ÷ dask-yarn", ours: "ours-scaleUpMs", peer: "dask-yarn-scaleUpMs", atMost: 0.5 }]
          : []),
      ],
      notes: [
        `Worker counts ${ctx.workers.join(", ")} (a curve over N: start cost grows with the workers to launch). Scheduler and workers 512 MiB / 1 vcore for both tools. Registered = the scheduler's own worker count (run_on_scheduler), polled every 50 ms.`,
        "Each tool with its defaults: ours runs dask over per-application mutual TLS (our observer connects with `tsdask-yarn credentials`, inside the measured time); dask-yarn runs dask over plain TCP (only Skein's own channel is TLS).",
        "Scale-down has no target in the issue; it is recorded. Ours retires workers through the scheduler before releasing containers.",
      ],
    };
  },
};
