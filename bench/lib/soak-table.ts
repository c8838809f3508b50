// RESULTS.md's Soak section (issue 22): per soak scenario, the AM's memory and event-loop delay
// at the start and the end of the run, their peak, and whether each levels off (lib/soak.ts:
// trend). Pure: the scenarios' results in, Markdown lines out; the series themselves are in each
// scenario's own section below.
import type { Figure, ScenarioResult } from "./scenario.js";
import { PART_MIB, PARTS } from "../scenarios/soak-logs.js";
import { trend, type TrendKind } from "./soak.js";

const SOAKS = {
  "soak-scale": "10,000 scale operations (or --soak-ops) against one AM",
  "soak-logs": "an hour (or --soak-minutes) of a service logging 1 MiB/s, rolled logs on",
} as const;
// The log dir holds two rolled streams (stdout, stderr) and the NodeManager's few-KiB launch files.
const LOG_DIR_BOUND_MIB = 2 * PARTS * PART_MIB;
const ROWS: [id: string, label: string, kind: TrendKind | "bound"][] = [
  ["rss", "AM VmRSS (MiB)", "memory"],
  ["anon", "AM RssAnon (MiB)", "memory"],
  ["heap", "AM V8 heap used (MiB; garbage not yet collected included)", "memory"],
  ["live-heap", "AM V8 heap after its last full GC (MiB; the live objects)", "memory"],
  ["delay-p99", "AM event-loop delay p99, 30 s window (ms)", "delay"],
  ["log-dir", `container log dir on the node (MiB; bound 2 streams × ${PARTS} × ${PART_MIB} MiB)`, "bound"],
  ["wrapper-rss", "service wrapper VmRSS (MiB)", "memory"],
];

function row(label: string, f: Figure | undefined, kind: TrendKind | "bound"): string | undefined {
  if (!f?.samples.length) return undefined;
  // The log dir is a saw (parts close, YARN uploads and deletes them): what counts is its peak.
  const t = trend(f.samples, kind === "bound" ? "memory" : kind);
  const peak = Math.max(...f.samples);
  const verdict =
    kind === "bound"
      ? peak <= LOG_DIR_BOUND_MIB
        ? `stays under ${LOG_DIR_BOUND_MIB} MiB`
        : `**over ${LOG_DIR_BOUND_MIB} MiB**`
      : !t
        ? "too few samples"
        : t.levelsOff
          ? "levels off"
          : "**grows**";
  const ends = `${f.samples[0]} → ${f.samples.at(-1)}`;
  return `| ${label} | ${ends} | ${f.stats?.max ?? "—"} | ${t ? `${t.early} → ${t.late}` : "—"} | ${verdict} |`;
}

export function soakTable(results: Record<string, ScenarioResult>): string[] {
  const present = (Object.keys(SOAKS) as (keyof typeof SOAKS)[]).filter((k) => results[k]);
  if (!present.length) return [];
  const out = [
    "",
    "## Soak: AM memory and event-loop delay over long runs (issue 22)",
    "",
    "Start → end of the run, the peak, and the mean over 10–35 % of the run → over its last quarter (the first 10 % is start-up). Levels off: the late mean is within 10 % of the early one (memory), or at most 1.5 × / 20 ms above it (the delay, which the shared machine's load moves; each series gives the load average beside it). Series: sections soak-scale and soak-logs below.",
  ];
  for (const name of present) {
    out.push(
      "",
      `**${name}**: ${SOAKS[name]}`,
      "",
      "| figure | start → end | peak | early → late mean | |",
      "|---|---|---|---|---|",
    );
    for (const [id, label, kind] of ROWS) {
      const r = row(
        label,
        results[name]!.figures.find((f) => f.id === id),
        kind,
      );
      if (r) out.push(r);
    }
  }
  return out;
}
