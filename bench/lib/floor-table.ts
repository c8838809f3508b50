// RESULTS.md's start-against-the-floor table: per worker count and cold/warm, our start, the floor
// (YARN alone, bench/scenarios/floor.ts) and dask-yarn's start, with ours ÷ floor beside ours ÷
// dask-yarn. Pure: the scenarios' results in, Markdown lines out.
import type { Figure, ScenarioResult } from "./scenario.js";

const median = (f: Figure | undefined) => f?.stats?.median;
const ratio = (a?: number, b?: number) => (a !== undefined && b ? (a / b).toFixed(2) : "—");
const ms = (v?: number) => (v === undefined ? "not measured" : `${(v / 1000).toFixed(1)} s`);

export function floorTable(results: Record<string, ScenarioResult>): string[] {
  const floor = results.floor?.figures ?? [];
  const dask = results.dask?.figures ?? [];
  const ns = [...new Set(floor.map((f) => Number(/-(\d+)$/.exec(f.id)?.[1])))].filter(Number.isFinite);
  if (!ns.length) return [];
  const out = [
    "",
    "## Start against the floor (YARN alone) and against dask-yarn",
    "",
    "| start | ours | floor | dask-yarn | ours ÷ floor | ours ÷ dask-yarn |",
    "|---|---|---|---|---|---|",
  ];
  for (const n of ns.sort((a, b) => a - b))
    for (const kind of ["cold", "warm"] as const) {
      const ours = median(dask.find((f) => f.id === `ours-${kind}-${n}`));
      const fl = median(floor.find((f) => f.id === `floor-${kind}-${n}`));
      const peer = median(dask.find((f) => f.id === `dask-yarn-${n}`));
      out.push(
        `| ${kind}, ${n} workers | ${ms(ours)} | ${ms(fl)} | ${ms(peer)} | ${ratio(ours, fl)} | ${ratio(ours, peer)} |`,
      );
    }
  return out;
}
