import assert from "node:assert/strict";
import { test } from "node:test";
import { optionsTable } from "../../../bench/lib/options-table.js";
import { figure, missingFigure, runsOf, type ScenarioResult } from "../../../bench/lib/scenario.js";

const result = (figures: ScenarioResult["figures"]): ScenarioResult => ({ figures, comparisons: [], notes: [] });

test("the worker-start options table: one row per option, medians in s and MiB, a missing figure says why", () => {
  const lines = optionsTable({
    "worker-options": result([
      figure("spawn-start", "nanny + spawn: warm start, 8 workers", "ms", [9000, 11000, 10000]),
      figure("spawn-python", "nanny + spawn: python RSS", "MiB", [180.5]),
      figure("spawn-container", "nanny + spawn: all RSS", "MiB", [200]),
      figure("spawn-restart", "nanny + spawn: restart", "ms", [4200]),
      figure("spawn-kill", "nanny + spawn: kill", "ms", [30000]),
      figure("no-nanny-start", "no nanny (distributed.Worker): warm start, 8 workers", "ms", [5000]),
      missingFigure("no-nanny-restart", "no nanny: restart", "ms", "the workers did not come back"),
    ]),
  });
  assert.equal(
    lines.find((l) => l.startsWith("| nanny + spawn")),
    "| nanny + spawn | 10.0 s | 180.5 MiB | 200 MiB | 4.2 s | 30.0 s |",
  );
  assert.equal(
    lines.find((l) => l.startsWith("| no nanny")),
    "| no nanny (distributed.Worker) | 5.0 s | — | — | not measured (the workers did not come back) | — |",
  );
  assert.deepEqual(optionsTable({}), []);
});

test("heavy points get --heavy-runs runs, never more than --runs", () => {
  assert.equal(runsOf({ runs: 5, heavyRuns: 2 }, true), 2);
  assert.equal(runsOf({ runs: 5, heavyRuns: 2 }, false), 5);
  assert.equal(runsOf({ runs: 1, heavyRuns: 2 }, true), 1);
});
