// The text files the bundles carry inside them (see src/embedded-text.ts), as esbuild `define`s:
// each name becomes the file's text as a string literal. scripts/build.mjs and the tests' own
// bundles (test/support/bundles.ts) both use this one list.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** define name → file, relative to the repository root. */
export const EMBEDDED_FILES = {
  TSDASK_EMBEDDED_SKELETON_YAML: "skeleton.yaml",
  TSDASK_EMBEDDED_API_GUARD_PY: "src/service/api_guard.py",
  TSDASK_EMBEDDED_DASK_RUNNER_PY: "src/service/dask_runner.py",
  TSDASK_EMBEDDED_DASK_SUMMARY_PY: "src/service/dask_summary.py",
  TSDASK_EMBEDDED_DASK_PAGE_JS: "src/appmaster/control/dask-page.js",
};

/** esbuild's `define` option for the files under `root`. */
export function embeddedDefines(root = ".") {
  return Object.fromEntries(
    Object.entries(EMBEDDED_FILES).map(([name, file]) => [name, JSON.stringify(readFileSync(join(root, file), "utf8"))]),
  );
}
