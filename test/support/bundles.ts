// The runtime bundles (what runs inside YARN containers) built straight from the sources with the
// options scripts/build.mjs uses, into a directory of the caller's: integration tests and
// benchmarks then never depend on a dist/ that another build may be rewriting.
import { build } from "esbuild";
import { join } from "node:path";
import { embeddedDefines } from "../../scripts/embedded.mjs";
import { ROOT } from "./cluster.js";

/** Single-file ESM for Node 20; bundled CommonJS dependencies still call require(), so give them one. */
export const RUNTIME_BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "error",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
} as const;

/** Entry points as scripts/build.mjs has them: the YARN AM's main lives in src/appmaster/yarn/. */
const ENTRY: Readonly<Record<string, string>> = { appmaster: "src/appmaster/yarn/main.ts" };

/** Builds `<dir>/<name>.js` from its entry point (`src/<name>/main.ts` unless ENTRY says) for each name. */
export async function buildRuntimeBundles(dir: string, names: readonly string[] = ["appmaster", "service"]) {
  await Promise.all(
    names.map((n) =>
      build({
        ...RUNTIME_BUNDLE_OPTIONS,
        entryPoints: [join(ROOT, ENTRY[n] ?? join("src", n, "main.ts"))],
        outfile: join(dir, `${n}.js`),
        define: embeddedDefines(ROOT),
      }),
    ),
  );
}
