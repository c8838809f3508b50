// dist/service.js runs in every dask container with nothing but a Node binary: it must bundle from
// the wrapper's own files, the control contract, the shared error class (and its code table), the
// embedded-text helper (its Python modules are strings the build embeds) and node built-ins only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { build } from "esbuild";
import { embeddedDefines } from "../../../scripts/embedded.mjs";

test("the service wrapper bundles small, from src/service, src/control, src/errors.ts and src/embedded-text.ts only", async () => {
  const result = await build({
    entryPoints: ["src/service/main.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    define: embeddedDefines(),
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    assert.match(input, /^src\/((service|control)\/[a-z-]+\.ts|errors\.ts|error-codes\.ts|embedded-text\.ts)$/, input);
  }
  const size = result.outputFiles[0]!.contents.length;
  // About 10 KiB of it is the Python the wrapper writes (api_guard.py, dask_runner.py, dask_summary.py).
  assert.ok(size < 40 * 1024, `bundle is ${size} bytes`);
});
