// The README's benchmark table is rendered from results.json, never typed: a fixture run renders
// to the table written out below, and the README in the repository holds exactly what the saved
// bench/results/results.json renders to (a hand edit, or a results.json committed without
// `npm run bench:readme`, fails here).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  README_BEGIN,
  README_END,
  renderReadmeTable,
  withReadmeTable,
  type RunFile,
} from "../../../bench/lib/readme-table.js";
import { ROOT } from "../../support/cluster.js";

const stats = (median: number) => ({ median, min: median, max: median, p95: median, n: 3 });

const FIXTURE: RunFile = {
  when: "2026-01-02T03:04:05.000Z",
  label: "fixture run",
  runs: 3,
  wallSeconds: 600,
  results: {
    status: {
      figures: [
        { id: "ours", label: "tsdask-yarn status", unit: "ms", samples: [150], stats: stats(150) },
        { id: "peer", label: "dask-yarn status", unit: "ms", samples: [2500], stats: stats(2500) },
      ],
      comparisons: [{ title: "status ÷ dask-yarn", ours: "ours", peer: "peer", atMost: 0.05 }],
      notes: [],
    },
    containers: {
      figures: [
        { id: "rss-ours-500", label: "our AM, 500", unit: "MiB", samples: [80], stats: stats(80) },
        { id: "rss-skein-500", label: "Skein AM, 500", unit: "MiB", samples: [], missing: "no peer venv" },
        { id: "running-ours-500", label: "ours → RUNNING", unit: "ms", samples: [400], stats: stats(400) },
      ],
      comparisons: [
        { title: "AM memory ÷ Skein", ours: "rss-ours-500", peer: "rss-skein-500", atMost: 0.25 },
        { title: "start ÷ status", ours: "running-ours-500", peer: "status:ours", atMost: 3 },
      ],
      notes: [],
    },
  },
};

test("a run renders to its caption and one row per comparison, plus the absolute AM memory limit", () => {
  assert.equal(
    renderReadmeTable(FIXTURE),
    [
      "fixture run, 2026-01-02: medians of 3 run(s), each ratio from two medians of the same run (`npm run bench` took 10 min).",
      "",
      "| comparison | tsdask-yarn | peer | ours ÷ peer | target |",
      "|---|---|---|---|---|",
      "| status ÷ dask-yarn | 150 ms | dask-yarn status: 2.5 s | 0.060 | ≤ 0.05 **missed** |",
      "| AM memory ÷ Skein | 80.0 MiB | Skein AM, 500: not measured | — | ≤ 0.25 not measured |",
      "| start ÷ status | 400 ms | tsdask-yarn status: 150 ms | 2.7 | ≤ 3 met |",
      "| AM resident memory, 500 containers | 80.0 MiB | Skein AM, 500: not measured | — | ≤ 150 MB met |",
    ].join("\n"),
  );
});

test("only the text between the markers changes, and rendering twice changes nothing more", () => {
  const readme = `# title\n\nbefore\n${README_BEGIN}\nold table\n${README_END}\nafter\n`;
  const once = withReadmeTable(readme, FIXTURE);
  assert.ok(once.startsWith(`# title\n\nbefore\n${README_BEGIN}\nfixture run, 2026-01-02`));
  assert.ok(once.endsWith(`≤ 150 MB met |\n${README_END}\nafter\n`));
  assert.ok(!once.includes("old table"));
  assert.equal(withReadmeTable(once, FIXTURE), once);
  assert.throws(() => withReadmeTable("# no markers\n", FIXTURE), /README\.md has no benchmark section/);
});

test("README.md's benchmark section is what bench/results/results.json renders to", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const run = JSON.parse(readFileSync(join(ROOT, "bench", "results", "results.json"), "utf8")) as RunFile;
  assert.equal(
    readme,
    withReadmeTable(readme, run),
    "the README's table differs from results.json: run `npm run bench:readme` (never edit the table by hand)",
  );
});
