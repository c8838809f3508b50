import assert from "node:assert/strict";
import { test } from "node:test";
import { floorTable } from "../../../bench/lib/floor-table.js";
import { figureOf } from "../../../bench/lib/report.js";
import { figure, missingFigure, type ScenarioResult } from "../../../bench/lib/scenario.js";

const result = (figures: ScenarioResult["figures"]): ScenarioResult => ({ figures, comparisons: [], notes: [] });
const results = {
  dask: result([
    figure("ours-cold-2", "", "ms", [9000, 11000, 10000]),
    figure("ours-warm-2", "", "ms", [6000]),
    figure("dask-yarn-2", "", "ms", [30000]),
  ]),
  floor: result([figure("floor-cold-2", "", "ms", [8000]), missingFigure("floor-warm-2", "", "ms", "Skein failed")]),
};

test("the floor table puts ours ÷ floor beside ours ÷ dask-yarn per N, cold and warm", () => {
  const lines = floorTable(results);
  assert.equal(
    lines.find((l) => l.startsWith("| cold, 2")),
    "| cold, 2 workers | 10.0 s | 8.0 s | 30.0 s | 1.25 | 0.33 |",
  );
  // A floor that could not be measured shows no ratio, never a guess.
  assert.equal(
    lines.find((l) => l.startsWith("| warm, 2")),
    "| warm, 2 workers | 6.0 s | not measured | 30.0 s | — | 0.20 |",
  );
  assert.deepEqual(floorTable({ dask: results.dask }), []);
});

test("a comparison names a figure of its own scenario, or scenario:id of another", () => {
  assert.equal(figureOf(results, "floor", "floor-cold-2")?.stats?.median, 8000);
  assert.equal(figureOf(results, "floor", "dask:ours-cold-2")?.stats?.median, 10000);
  assert.equal(figureOf(results, "floor", "ours-cold-2"), undefined);
  assert.equal(figureOf(results, "floor", "nowhere:x"), undefined);
});
