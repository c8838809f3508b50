// The README's benchmark table, rendered from bench/results/results.json: `npm run bench` rewrites
// the section between the markers after every scenario, `npm run bench:readme` renders it again
// from the saved results without running anything. No number in that section is typed by hand, so
// test/unit/bench/readme-table.test.ts can check the README against results.json.
import { readFileSync, writeFileSync } from "node:fs";
import type { RunInfo } from "./report.js";
import { figureOf } from "./report.js";
import type { Figure, ScenarioResult } from "./scenario.js";

export const README_BEGIN =
  "<!-- bench:begin — rendered from bench/results/results.json by `npm run bench` / `npm run bench:readme`; do not edit by hand -->";
export const README_END = "<!-- bench:end -->";

/** What bench/run.ts writes to results.json. */
export type RunFile = Pick<RunInfo, "when" | "label" | "runs" | "wallSeconds"> & {
  readonly results: Record<string, ScenarioResult>;
};

/** A limit on one of our figures alone (not a ratio), shown beside the ratios. */
interface Limit {
  readonly title: string;
  readonly ours: string;
  readonly peer: string;
  /** In the figure's own unit. */
  readonly atMost: number;
  readonly shown: string;
}

// Issue 14's absolute target; MiB is what the AM's figure is measured in (150 MB = 143.05 MiB).
const LIMITS: readonly Limit[] = [
  {
    title: "AM resident memory, 500 containers",
    ours: "containers:rss-ours-500",
    peer: "containers:rss-skein-500",
    atMost: 150e6 / 2 ** 20,
    shown: "≤ 150 MB",
  },
];

/** A median the way a reader scans it: ms under a second, else seconds; MiB with one decimal. */
export function formatMedian(f: Figure | undefined): string {
  const m = f?.stats?.median;
  if (m === undefined) return f?.missing ? "not measured" : "—";
  if (f?.unit === "ms") return m < 1000 ? `${m} ms` : `${(m / 1000).toFixed(1)} s`;
  if (f?.unit === "s") return `${m.toFixed(1)} s`;
  return `${m.toFixed(1)} ${f?.unit ?? ""}`;
}

const cell = (f: Figure | undefined) => `${f?.label ?? "—"}: ${formatMedian(f)}`;
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

/** The Markdown table (with its one-line caption) for one run's results. */
export function renderReadmeTable(run: RunFile): string {
  const lines = [
    `${run.label}, ${run.when.slice(0, 10)}: medians of ${run.runs} run(s), each ratio from two medians of the same run (\`npm run bench\` took ${Math.round(run.wallSeconds / 60)} min).`,
    "",
    "| comparison | tsdask-yarn | peer | ours ÷ peer | target |",
    "|---|---|---|---|---|",
  ];
  for (const [scenario, r] of Object.entries(run.results)) {
    for (const c of r.comparisons) {
      const ours = figureOf(run.results, scenario, c.ours);
      const peer = figureOf(run.results, scenario, c.peer);
      const a = ours?.stats?.median;
      const b = peer?.stats?.median;
      const ratio = a !== undefined && b !== undefined ? a / b : undefined;
      const target = `≤ ${c.atMost} ${ratio === undefined ? "not measured" : verdict(ratio <= c.atMost)}`;
      const shown = ratio === undefined ? "—" : ratio.toPrecision(2);
      lines.push(`| ${c.title} | ${formatMedian(ours)} | ${cell(peer)} | ${shown} | ${target} |`);
    }
  }
  for (const l of LIMITS) {
    const ours = figureOf(run.results, "", l.ours);
    if (!ours) continue; // a run without that scenario
    const m = ours.stats?.median;
    const target = `${l.shown} ${m === undefined ? "not measured" : verdict(m <= l.atMost)}`;
    lines.push(`| ${l.title} | ${formatMedian(ours)} | ${cell(figureOf(run.results, "", l.peer))} | — | ${target} |`);
  }
  return lines.join("\n");
}

/** `readme` with the text between its markers replaced by the table for `run`. */
export function withReadmeTable(readme: string, run: RunFile): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin)
    throw new Error(`README.md has no benchmark section: put the lines ${README_BEGIN} and ${README_END} around it`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${renderReadmeTable(run)}\n${readme.slice(end)}`;
}

/** Rewrites the benchmark section of the README file at `readmeFile` for `run`. */
export function writeReadmeTable(readmeFile: string, run: RunFile): void {
  writeFileSync(readmeFile, withReadmeTable(readFileSync(readmeFile, "utf8"), run));
}
