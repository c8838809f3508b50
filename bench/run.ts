// `npm run bench`: every scenario against the local cluster, results in bench/RESULTS.md,
// bench/results/results.json, bench/results/chart.svg and the README's benchmark table. Not part
// of `npm test`.
//
//   npm run bench -- [--runs 3] [--heavy-runs 2] [--only cli-start,status] [--label "smoke run ..."] [--report-only]
//
// One command, every figure of issues 14 and 23: floors, ours ÷ floor and ÷ peer, both
// localization rigs, the worker-start options, N = 2/8/32 and 2,000 containers. The heavy points
// (32 workers, 2,000 containers, the worker-start options, the chmod rig) take minutes per run, so
// they get --heavy-runs (default 2) runs, the others --runs (default 3). bench/analysis.md
// estimates the whole run from each scenario's wall time, which RESULTS.md and results.json keep.
//   npm run bench -- --only soak [--soak-ops 10000] [--soak-minutes 60]   (soak = soak-scale,soak-logs)
//   npm run bench -- --skip soak   a reference run of the rest: the skipped scenarios' figures are
//                                  kept from results.json, each naming the run it comes from
//
// The cluster is the one TSDASK_CLUSTER_DIR / TSDASK_PORT_OFFSET name (`cluster/hadoop up` is a
// no-op when it already runs). The peer (dask-yarn + Skein) venv and both packed environments are
// built on first use and cached; a peer that cannot be built leaves its figures "not measured"
// with the reason.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/cluster.js";
import { CLUSTER_OPTIONS, clusterContext, step, type Settings } from "./lib/context.js";
import { writeReadmeTable } from "./lib/readme-table.js";
import { writeResults, type RunInfo } from "./lib/report.js";
import type { BenchContext, ScenarioResult } from "./lib/scenario.js";
import { NOT_YET, SCENARIOS } from "./scenarios/index.js";

const README = join(ROOT, "README.md");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    "heavy-runs": { type: "string", default: "2" },
    only: { type: "string" },
    skip: { type: "string" },
    label: { type: "string", default: "reference run" },
    "report-only": { type: "boolean", default: false },
    // The dask start curve and the container counts of the AM memory / allocation scenario.
    workers: { type: "string", default: "2,8,32" },
    containers: { type: "string", default: "1,32,50,500,2000" },
    // The soak scenarios: scale operations against one AM, minutes of a service logging 1 MiB/s.
    "soak-ops": { type: "string", default: "10000" },
    "soak-minutes": { type: "string", default: "60" },
  },
});
function counts(option: "workers" | "containers"): number[] {
  const xs = values[option].split(",").map(Number);
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1))
    throw new Error(`--${option} must be whole numbers ≥ 1 separated by commas, got ${values[option]}`);
  return xs;
}
if (values["report-only"]) {
  // Renders RESULTS.md and the chart again from results.json (after a change to the report itself).
  const saved = JSON.parse(readFileSync(join(ROOT, "bench", "results", "results.json"), "utf8"));
  const { results: savedResults, ...savedInfo } = saved;
  writeResults(join(ROOT, "bench"), { ...savedInfo, notYet: NOT_YET }, savedResults);
  writeReadmeTable(README, saved);
  process.exit(0);
}
function runCount(option: "runs" | "heavy-runs"): number {
  const n = Number(values[option]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${option} must be a whole number ≥ 1, got ${values[option]}`);
  return n;
}
const runs = runCount("runs");
const heavyRuns = Math.min(runs, runCount("heavy-runs"));
// "soak" names both soak scenarios (an hour and more: not in a quick --only run by accident).
const names = (v: string | undefined) =>
  v?.split(",").flatMap((n) => (n === "soak" ? ["soak-scale", "soak-logs"] : [n]));
const only = names(values.only);
const skip = names(values.skip);
if (only && skip)
  throw new Error("--only and --skip do not go together: name the scenarios to run, or those to leave out");
const unknown = [...(only ?? []), ...(skip ?? [])].filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length)
  throw new Error(`unknown scenario(s) ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
const chosen = SCENARIOS.filter((s) => (!only || only.includes(s.name)) && !skip?.includes(s.name));
const t0 = Date.now();
const startedAt = new Date(t0).toISOString();

const built = step("npm run build", ["npm", "run", "build"]);
if (!built.ok) throw new Error(`npm run build failed:\n${built.stderr.slice(-2000)}`);
function positive(option: "soak-ops" | "soak-minutes"): number {
  const x = Number(values[option]);
  if (!(x > 0)) throw new Error(`--${option} must be a number > 0, got ${values[option]}`);
  return x;
}
const settings: Settings = {
  runs,
  heavyRuns,
  workers: counts("workers"),
  containers: counts("containers"),
  soak: { ops: Math.round(positive("soak-ops")), minutes: positive("soak-minutes") },
};
let ctx: BenchContext | undefined;

// With --only, the other scenarios' figures of the previous run are kept, and so is its header (the
// reference run it names): this run's scenarios say they come from it, and it is listed under
// laterRuns. They are read again at every write: two --only runs of different scenarios (the
// hour-long soak beside a short one) keep each other's figures.
const previous = join(ROOT, "bench", "results", "results.json");
const results: Record<string, ScenarioResult & { from?: string }> = {};
type Saved = RunInfo & { results: typeof results };
function saved(): Saved | undefined {
  return (only || skip) && existsSync(previous) ? (JSON.parse(readFileSync(previous, "utf8")) as Saved) : undefined;
}
function keptResults(s: Saved | undefined): Record<string, ScenarioResult & { from?: string }> {
  if (!s) return {};
  const ran = new Set(chosen.map((x) => x.name));
  return Object.fromEntries(
    Object.entries(s.results)
      .filter(([name]) => !ran.has(name) && SCENARIOS.some((x) => x.name === name))
      // Under --skip this run is the new reference: what is kept names the run it was measured in.
      .map(([name, r]) => [name, skip ? { ...r, from: r.from ?? `${s.when} (${s.label})` } : r]),
  );
}
const noCluster = { ...settings, env: process.env } as BenchContext; // only cluster-free scenarios get it

/** Writes RESULTS.md, results.json, the chart and the README's table from what has run so far. */
function report(): string {
  const version = (argv: string[]) =>
    step(`version of ${argv[0]}`, argv, ctx?.env ?? process.env, 120_000).stdout.split("\n")[0] ?? "?";
  const peerPy = ctx && "dir" in ctx.peer ? join(ctx.peer.dir, "venv", "bin", "python") : undefined;
  const info = {
    when: new Date().toISOString(),
    label: values.label,
    runs,
    heavyRuns,
    notYet: NOT_YET,
    ...(only ? { only } : {}),
    ...(skip ? { skipped: skip } : {}),
    wallSeconds: (Date.now() - t0) / 1000,
    machine: {
      cpu: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
      memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
      cluster: `one NodeManager (the containers scenario: two, see its notes), cluster/hadoop up ${CLUSTER_OPTIONS.join(" ")}: CapacityScheduler per-node-heartbeat multiple assignments on, up to 100 containers and 100 off-switch per heartbeat (default 1 off-switch), NM heartbeat 100 ms (default here 500); localization native-like (java.nio permissions; the cold-shell scenario: Hadoop's chmod per file)`,
      "load average at the end": spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.trim(),
    },
    versions: {
      node: process.version,
      hadoop: ctx?.cluster.hadoopVersion ?? "not used",
      "tsdask-yarn": version([process.execPath, join(ROOT, "dist", "cli.js"), "--version"]),
      ...(ctx?.daskEnv
        ? {
            "environment archives (bytes)": `ours ${statSync(ctx.daskEnv).size}${"dir" in ctx.peer ? `, dask-yarn's ${statSync(join(ctx.peer.dir, "environment.tar.gz")).size}` : ""}`,
          }
        : {}),
      ...(peerPy
        ? {
            "peer (dask-yarn, skein, dask, distributed)": version([
              peerPy,
              "-c",
              "import dask_yarn, skein, dask, distributed; print(dask_yarn.__version__, skein.__version__, dask.__version__, distributed.__version__)",
            ]),
          }
        : {}),
    },
  };
  const base = saved();
  let header: RunInfo = info;
  let mine = results;
  if (base && only) {
    // A partial run: the reference header stays; this run is named beside it and on its scenarios.
    const { results: _kept, ...baseInfo } = base;
    const me = {
      when: info.when,
      label: info.label,
      only,
      wallSeconds: info.wallSeconds,
      "load average at the end": info.machine["load average at the end"] ?? "?",
    };
    const earlier = (base.laterRuns ?? []).filter((l) => l.when !== startedAt);
    header = { ...baseInfo, notYet: NOT_YET, laterRuns: [...earlier, { ...me, when: startedAt }] };
    mine = Object.fromEntries(
      Object.entries(results).map(([k, r]) => [k, { ...r, from: `${startedAt} (${info.label})` }]),
    );
  }
  const merged: Record<string, ScenarioResult & { from?: string }> = { ...keptResults(base), ...mine };
  // In the harness's scenario order, whichever run each comes from.
  const all = Object.fromEntries(SCENARIOS.flatMap((s) => (merged[s.name] ? [[s.name, merged[s.name]!]] : [])));
  const file = writeResults(join(ROOT, "bench"), header, all);
  writeReadmeTable(README, { ...header, results: all });
  return file;
}

// The report is written after every scenario: a scenario that dies takes no finished one with it.
let file = "";
for (const s of chosen) {
  if (s.needsCluster) ctx = clusterContext(s.clusterOptions ?? CLUSTER_OPTIONS, settings, s.environments ?? true);
  console.error(`[bench] scenario ${s.name} (${runs} run(s))`);
  const started = Date.now();
  const result = await s.run(ctx ?? noCluster);
  const seconds = Math.round((Date.now() - started) / 1000);
  results[s.name] = { ...result, seconds };
  console.error(`[bench] ${s.name} done in ${seconds} s`);
  file = report();
}
console.error(`[bench] wrote ${file} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
