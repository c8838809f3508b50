// What a benchmark scenario is and what it hands back to the harness (bench/run.ts). A figure is
// a set of samples of one tool doing one thing; a comparison says which two figures make the
// issue's ratio (ours ÷ peer) and the target it must meet. A figure that could not be measured
// carries the reason instead of samples: RESULTS.md prints the reason, never an estimate.
import type { LocalCluster } from "../../test/support/cluster.js";
import { distribution, type Distribution } from "./proc.js";

export interface Figure {
  readonly id: string;
  readonly label: string;
  readonly unit: "ms" | "MiB" | "s";
  readonly samples: number[];
  readonly stats?: Distribution;
  /** Why there are no samples (a peer that failed to install or run). */
  readonly missing?: string;
}

export interface Comparison {
  readonly title: string;
  readonly ours: string;
  readonly peer: string;
  /** ours ÷ peer must be ≤ this (times, memory) — the target. */
  readonly atMost: number;
}

export interface ScenarioResult {
  readonly figures: Figure[];
  readonly comparisons: Comparison[];
  /** Conditions a reader needs: sizes, settings, what was tuned. */
  readonly notes: string[];
  /** The scenario's wall time in this run (the harness sets it; a base for estimating a run). */
  readonly seconds?: number;
}

export interface BenchContext {
  readonly runs: number;
  /** Environment for Hadoop tools and our CLI against the bench cluster. */
  readonly env: NodeJS.ProcessEnv;
  /** The bench cluster (run/state.json of cluster/hadoop). */
  readonly cluster: LocalCluster;
  /** The peer venv dir (bench/peer-env/build), or why there is none. */
  readonly peer: { readonly dir: string } | { readonly missing: string };
  /** The packed dask environment our tool ships (cluster/dask-env/build). */
  readonly daskEnv: string;
  /** The cluster's Hadoop jars (DistributedShell's among them). */
  readonly hadoopLib: string;
  /**
   * Runs of the heavy points (--heavy-runs, at most --runs): 32 workers, 2,000 containers, the
   * worker-start options and the chmod rig, which take minutes each (see heavyRuns).
   */
  readonly heavyRuns: number;
  /** Worker counts of the dask start curves (--workers). */
  readonly workers: readonly number[];
  /** Container counts of the AM memory and allocation scenario (--containers). */
  readonly containers: readonly number[];
  /** The soak scenarios' length: scale operations (--soak-ops), minutes of logging (--soak-minutes). */
  readonly soak: { readonly ops: number; readonly minutes: number };
}

export interface Scenario {
  readonly name: string;
  readonly needsCluster: boolean;
  /** `cluster/hadoop up` options this scenario needs, when not the harness's default ones. */
  readonly clusterOptions?: readonly string[];
  /** false: runs on the cluster alone, without the packed dask environment and the peer venv. */
  readonly environments?: false;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export function figure(id: string, label: string, unit: Figure["unit"], samples: number[]): Figure {
  return { id, label, unit, samples, stats: distribution(samples) };
}

export function missingFigure(id: string, label: string, unit: Figure["unit"], why: string): Figure {
  return { id, label, unit, samples: [], missing: why };
}

/** Worker counts from this one up, container counts from CONTAINERS_HEAVY up, are heavy points. */
export const WORKERS_HEAVY = 32;
export const CONTAINERS_HEAVY = 2000;

/** How many runs a point gets: --runs, or --heavy-runs (the smaller) for a heavy one. */
export function runsOf(ctx: Pick<BenchContext, "runs" | "heavyRuns">, heavy: boolean): number {
  return heavy ? Math.min(ctx.runs, ctx.heavyRuns) : ctx.runs;
}

/** Runs `f` `runs` times and collects what it returns; a failure of any run fails the figure. */
export async function sampled(runs: number, f: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(Math.round(await f(i)));
  return out;
}

/** A figure measured by `f`, or — when `f` throws — a missing figure saying why. */
export async function measured(
  id: string,
  label: string,
  unit: Figure["unit"],
  f: () => Promise<number[]>,
): Promise<Figure> {
  try {
    return figure(id, label, unit, await f());
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return missingFigure(id, label, unit, why.split("\n").slice(0, 6).join(" ").slice(0, 600));
  }
}
