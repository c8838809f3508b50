// `npm run bench`: every scenario against the local cluster, results in bench/RESULTS.md,
// bench/results/results.json and bench/results/chart.svg. Not part of `npm test`.
//
//   npm run bench -- [--runs 5] [--only cli-start,status] [--label "smoke run ..."] [--report-only]
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
import { writeResults } from "./lib/report.js";
import type { BenchContext, ScenarioResult } from "./lib/scenario.js";
import { NOT_YET, SCENARIOS } from "./scenarios/index.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    only: { type: "string" },
    label: { type: "string", default: "reference run" },
    "report-only": { type: "boolean", default: false },
    // The dask start curve and the container counts of the AM memory / allocation scenario.
    workers: { type: "string", default: "2,8,32" },
    containers: { type: "string", default: "1,32,50,500,2000" },
  },
});
function counts(option: "workers" | "containers"): number[] {
  const xs = values[option]!.split(",").map(Number);
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1))
    throw new Error(`--${option} must be whole numbers ≥ 1 separated by commas, got ${values[option]}`);
  return xs;
}
if (values["report-only"]) {
  // Renders RESULTS.md and the chart again from results.json (after a change to the report itself).
  const saved = JSON.parse(readFileSync(join(ROOT, "bench", "results", "results.json"), "utf8"));
  const { results: savedResults, ...savedInfo } = saved;
  writeResults(join(ROOT, "bench"), { ...savedInfo, notYet: NOT_YET }, savedResults);
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);
const only = values.only?.split(",");
const unknown = only?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
if (unknown.length)
  throw new Error(`unknown scenario(s) ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
const chosen = SCENARIOS.filter((s) => !only || only.includes(s.name));
const t0 = Date.now();

const built = step("npm run build", ["npm", "run", "build"]);
if (!built.ok) throw new Error(`npm run build failed:\n${built.stderr.slice(-2000)}`);
const settings: Settings = { runs, workers: counts("workers"), containers: counts("containers") };
let ctx: BenchContext | undefined;

// With --only, the other scenarios' figures of the previous run are kept (their run is named in
// RESULTS.md), so a quick re-run of one scenario does not erase the rest.
const previous = join(ROOT, "bench", "results", "results.json");
const kept: Record<string, ScenarioResult & { from?: string }> =
  only && existsSync(previous) ? (JSON.parse(readFileSync(previous, "utf8")) as { results: typeof kept }).results : {};
const results: Record<string, ScenarioResult & { from?: string }> = {};
for (const [name, r] of Object.entries(kept)) {
  if (!only!.includes(name) && SCENARIOS.some((s) => s.name === name))
    results[name] = { ...r, from: r.from ?? (JSON.parse(readFileSync(previous, "utf8")) as { when: string }).when };
}
const noCluster = { ...settings, env: process.env } as BenchContext; // only cluster-free scenarios get it

/** Writes RESULTS.md, results.json and the chart from what has run so far. */
function report(): string {
  const version = (argv: string[]) =>
    step(`version of ${argv[0]}`, argv, ctx?.env ?? process.env, 120_000).stdout.split("\n")[0] ?? "?";
  const peerPy = ctx && "dir" in ctx.peer ? join(ctx.peer.dir, "venv", "bin", "python") : undefined;
  return writeResults(
    join(ROOT, "bench"),
    {
      when: new Date().toISOString(),
      label: values.label!,
      runs,
      notYet: NOT_YET,
      ...(only ? { only } : {}),
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
        ...(ctx
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
    },
    results,
  );
}

// The report is written after every scenario: a scenario that dies takes no finished one with it.
let file = "";
for (const s of chosen) {
  if (s.needsCluster) ctx = clusterContext(s.clusterOptions ?? CLUSTER_OPTIONS, settings);
  console.error(`[bench] scenario ${s.name} (${runs} run(s))`);
  const started = Date.now();
  results[s.name] = await s.run(ctx ?? noCluster);
  console.error(`[bench] ${s.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  file = report();
}
console.error(`[bench] wrote ${file} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
