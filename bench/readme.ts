// `npm run bench:readme`: renders the README's benchmark table again from the saved
// bench/results/results.json (after a change to the table's layout, or to restore a hand-edited
// section), without building or running anything.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib/cluster.js";
import { writeReadmeTable, type RunFile } from "./lib/readme-table.js";

const run = JSON.parse(readFileSync(join(ROOT, "bench", "results", "results.json"), "utf8")) as RunFile;
writeReadmeTable(join(ROOT, "README.md"), run);
console.error("README.md: benchmark table rendered from bench/results/results.json");
