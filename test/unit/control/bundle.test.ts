// The control client is bundled into the in-container service wrapper: it must stay small and pull
// in nothing but node built-ins, the contract files and the shared error class with its code table (no axios).
import assert from "node:assert/strict";
import { test } from "node:test";
import { build } from "esbuild";

test("the control contract bundles to a few KiB from its own files and node built-ins", async () => {
  const result = await build({
    entryPoints: ["src/control/index.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  for (const input of inputs) assert.match(input, /^src\/(control\/[a-z-]+\.ts|errors\.ts|error-codes\.ts)$/, input);
  const size = result.outputFiles[0]!.contents.length;
  assert.ok(size < 16 * 1024, `bundle is ${size} bytes`);
});
