// RESULTS.md's worker-start options table (issue 23): one row per way a dask worker starts (nanny +
// spawn / fork / forkserver, no nanny), with its warm start, memory per worker container and how
// long client.restart() and a memory kill took until the workers were back. Pure: the
// worker-options scenario's figures in, Markdown lines out; a figure not measured shows its reason.
import type { Figure, ScenarioResult } from "./scenario.js";

const COLUMNS = [
  ["start", "warm start"],
  ["python", "python RSS / worker"],
  ["container", "all RSS / worker"],
  ["restart", "client.restart() → back"],
  ["kill", "memory kill → back"],
] as const;

function cell(f: Figure | undefined): string {
  if (!f) return "—";
  if (!f.stats) return `not measured (${(f.missing ?? "").slice(0, 80)})`;
  return f.unit === "ms" ? `${(f.stats.median / 1000).toFixed(1)} s` : `${f.stats.median} ${f.unit}`;
}

export function optionsTable(results: Record<string, ScenarioResult>): string[] {
  const figures = results["worker-options"]?.figures ?? [];
  const options = figures.filter((f) => f.id.endsWith("-start"));
  if (!options.length) return [];
  const out = [
    "",
    "## Worker start options (medians; the scenario's notes say what each one did)",
    "",
    `| option | ${COLUMNS.map(([, title]) => title).join(" | ")} |`,
    `|---|${COLUMNS.map(() => "---").join("|")}|`,
  ];
  for (const start of options) {
    const id = start.id.slice(0, -"-start".length);
    const label = start.label.split(":")[0];
    out.push(`| ${label} | ${COLUMNS.map(([k]) => cell(figures.find((f) => f.id === `${id}-${k}`))).join(" | ")} |`);
  }
  return out;
}
