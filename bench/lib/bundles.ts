// The AM and service bundles the benchmark submits: `npm run build` (dist/), or, when someone's
// unfinished file breaks that build, the two runtime bundles alone built into a temp dir — the AM
// doesn't need the CLI to build.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRuntimeBundles } from "../../test/support/bundles.js";
import { ROOT } from "./cluster.js";

export async function bundles(): Promise<{ distDir: string; how: string }> {
  const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (r.status === 0) return { distDir: join(ROOT, "dist"), how: "npm run build" };
  const dir = mkdtempSync(join(tmpdir(), "tsdask-bench-dist-"));
  await buildRuntimeBundles(dir);
  return { distDir: dir, how: "esbuild (npm run build failed)" };
}
