// Writes docs/bad-input.md from the bad-input table of the e2e tests (npx tsx scripts/bad-input-doc.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BAD_INPUT_CASES } from "../test/e2e/cli/bad-input-cases.js";
import { renderBadInputDoc } from "../test/e2e/cli/bad-input-doc.js";

const root = fileURLToPath(new URL("..", import.meta.url));
mkdirSync(join(root, "docs"), { recursive: true });
writeFileSync(join(root, "docs", "bad-input.md"), renderBadInputDoc(BAD_INPUT_CASES));
console.log(`wrote docs/bad-input.md (${BAD_INPUT_CASES.length} rows)`);
