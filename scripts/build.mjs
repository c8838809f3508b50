// Builds dist/: the CLI, and single-file bundles of the AM and the in-container service
// wrapper (these run inside YARN containers with nothing but a Node binary beside them).
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const common = { bundle: true, platform: "node", target: "node20", format: "esm", sourcemap: "linked", logLevel: "warning" };
// Bundled CommonJS dependencies still call require(): give the ESM bundle one.
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

await Promise.all([
  build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node\n" + banner.js } }),
  build({ ...common, entryPoints: ["src/appmaster/main.ts"], outfile: "dist/appmaster.js", banner }),
  build({ ...common, entryPoints: ["src/service/main.ts"], outfile: "dist/service.js", banner }),
]);
chmodSync("dist/cli.js", 0o755);
console.log("built dist/cli.js, dist/appmaster.js, dist/service.js");
