// The AM and service bundles the benchmark submits: `npm run build` (dist/), or, when someone's
// unfinished file breaks that build, the two runtime bundles alone built into a temp dir — the AM
// doesn't need the CLI to build.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./cluster.js";

export async function bundles(): Promise<{ distDir: string; how: string }> {
  const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (r.status === 0) return { distDir: join(ROOT, "dist"), how: "npm run build" };
  const dir = mkdtempSync(join(tmpdir(), "tsdask-bench-dist-"));
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "error",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  } as const;
  await Promise.all(
    ["appmaster", "service"].map((b) =>
      build({ ...common, entryPoints: [join(ROOT, `src/${b}/main.ts`)], outfile: join(dir, `${b}.js`) }),
    ),
  );
  return { distDir: dir, how: "esbuild (npm run build failed)" };
}
