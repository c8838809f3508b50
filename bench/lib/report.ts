// RESULTS.md, the JSON beside it and the chart, from what the scenarios measured. Every ratio is
// computed here from two medians of the same run; a missing side prints its reason, not a number.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure, ScenarioResult } from "./scenario.js";
import { floorTable } from "./floor-table.js";
import { soakTable } from "./soak-table.js";
import { optionsTable } from "./options-table.js";
import { ratioChart, type RatioBar } from "./svg.js";

export interface RunInfo {
  readonly when: string;
  readonly label: string;
  readonly runs: number;
  /** Runs of the heavy points (32 workers, 2,000 containers, worker-start options, chmod rig). */
  readonly heavyRuns?: number;
  readonly wallSeconds: number;
  /** The scenarios this run measured when it had --only (the others were kept from earlier runs). */
  readonly only?: readonly string[];
  /** The scenarios a --skip run left out (their figures are kept from the runs they name). */
  readonly skipped?: readonly string[];
  /**
   * Later --only runs merged into this one (a re-run soak, a scenario fixed after the reference
   * run): the header stays the reference run's; their scenarios say which run they come from.
   */
  readonly laterRuns?: readonly LaterRun[];
  readonly machine: Record<string, string>;
  readonly versions: Record<string, string>;
  /** Parts of the issue not measured by this harness yet. */
  readonly notYet: readonly string[];
}

/** A later --only run whose scenarios replaced the reference run's. */
export interface LaterRun {
  readonly when: string;
  readonly label: string;
  readonly only: readonly string[];
  readonly wallSeconds: number;
  readonly "load average at the end": string;
}

const fmt = (f: Figure) =>
  f.stats ? `${f.stats.median} ${f.unit} (min ${f.stats.min}, max ${f.stats.max}, n=${f.stats.n})` : "—";

/** A comparison's figure: `id` in its own scenario, or `scenario:id` in another one (a floor under a start). */
export function figureOf(results: Record<string, ScenarioResult>, own: string, ref: string): Figure | undefined {
  const [scenario, id] = ref.includes(":") ? (ref.split(":", 2) as [string, string]) : [own, ref];
  return results[scenario]?.figures.find((f) => f.id === id);
}

function bars(results: Record<string, ScenarioResult>): (RatioBar & { scenario: string; why?: string })[] {
  return Object.entries(results).flatMap(([scenario, r]) =>
    r.comparisons.map((c) => {
      const ours = figureOf(results, scenario, c.ours);
      const peer = figureOf(results, scenario, c.peer);
      const ratio = ours?.stats && peer?.stats ? ours.stats.median / peer.stats.median : undefined;
      const why =
        [ours, peer].find((f) => f?.missing)?.missing ??
        (!ours || !peer ? `${!ours ? c.ours : c.peer} was not measured in this run` : undefined);
      return { scenario, label: c.title, ratio, target: c.atMost, ...(why ? { why } : {}) };
    }),
  );
}

export function writeResults(
  dir: string,
  info: RunInfo,
  results: Record<string, ScenarioResult & { from?: string }>,
): string {
  const md: string[] = [
    "# Benchmark results",
    "",
    `**${info.label}** — ${info.when}: ${info.runs} run(s) per figure${info.heavyRuns !== undefined && info.heavyRuns < info.runs ? `, ${info.heavyRuns} for the heavy points` : ""}${info.only ? ` of ${info.only.join(", ")}` : ""} (each table gives its n); this \`npm run bench${info.only ? ` -- --only ${info.only.join(",")}` : ""}${info.skipped ? ` -- --skip ${info.skipped.join(",")}` : ""}\` took ${info.wallSeconds.toFixed(0)} s.`,
    "",
    "![ours ÷ peer per comparison, log scale; the black tick is the target](results/chart.svg)",
    "",
    "## Ours ÷ peer and ÷ floor against the targets (issues 14 and 23)",
    "",
    "| comparison | ours ÷ peer | target | met? |",
    "|---|---|---|---|",
  ];
  const all = bars(results);
  for (const b of all) {
    const met =
      b.ratio === undefined
        ? `not measured: ${b.why ?? "a side is missing"}`
        : b.ratio <= b.target
          ? "met"
          : "**missed**";
    md.push(`| ${b.label} | ${b.ratio === undefined ? "—" : b.ratio.toFixed(3)} | ≤ ${b.target} | ${met} |`);
  }
  md.push(...floorTable(results), ...optionsTable(results), ...soakTable(results));
  if (info.notYet.length) md.push("", "Not measured by the harness yet:", "", ...info.notYet.map((n) => `- ${n}`));
  // The profiling behind each missed target is written by hand (bench/analysis.md) and shown here.
  const analysis = join(dir, "analysis.md");
  if (existsSync(analysis)) md.push("", readFileSync(analysis, "utf8").trim());
  md.push("", "## Machine and versions", "");
  for (const [k, v] of Object.entries({ ...info.machine, ...info.versions })) md.push(`- ${k}: ${v}`);
  for (const l of info.laterRuns ?? [])
    md.push(
      `- later run **${l.label}** — ${l.when}: \`--only ${l.only.join(",")}\`, ${l.wallSeconds.toFixed(0)} s, load average at the end ${l["load average at the end"]}`,
    );
  for (const [name, r] of Object.entries(results)) {
    md.push("", `## ${name}`, "");
    if (r.from) md.push(`(from the run of ${r.from}, not the run named at the top)`, "");
    if (r.seconds !== undefined) md.push(`Took ${r.seconds} s.`, "");
    md.push("| figure | median (spread) |", "|---|---|");
    for (const f of r.figures) md.push(`| ${f.label} | ${f.missing ? `not measured: ${f.missing}` : fmt(f)} |`);
    for (const n of r.notes) md.push("", n);
  }
  mkdirSync(join(dir, "results"), { recursive: true });
  writeFileSync(join(dir, "RESULTS.md"), md.join("\n") + "\n");
  writeFileSync(join(dir, "results", "results.json"), JSON.stringify({ ...info, results }, null, 1) + "\n");
  writeFileSync(join(dir, "results", "chart.svg"), ratioChart(`tsdask-yarn ÷ peer (${info.label})`, all));
  return join(dir, "RESULTS.md");
}
