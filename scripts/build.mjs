// Builds dist/: the CLI, single-file bundles of the AM and the in-container service wrapper
// (these run inside YARN containers with nothing but a Node binary beside them), and the library
// (package.json "exports": dist/index.js + dist/types/) that TypeScript/Node users import.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import ts from "typescript";
import { embeddedDefines } from "./embedded.mjs";

// Text files the bundles carry (skeleton.yaml, the Python API guard): string literals in the bundles,
// so the files in the repository stay the only copies.
const define = { ...embeddedDefines(), TSDASK_EMBEDDED_SKELETON_TREE: JSON.stringify(skeletonTree()) };
const common = { bundle: true, platform: "node", target: "node20", format: "esm", sourcemap: "linked", logLevel: "warning", define };
// Bundled CommonJS dependencies still call require(): give the ESM bundle one.
const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

rmSync("dist/cli-chunks", { recursive: true, force: true });
await Promise.all([
  // The CLI is split: dist/cli.js holds only the signal handler and the loader; commander and the
  // command definitions come next (enough for --help/--version), and each command's implementation
  // (launcher, HTTP, TLS, Kerberos…) is a chunk in dist/cli-chunks/ loaded when that command runs,
  // so a command no longer parses the whole 2 MB bundle first.
  build({
    ...common,
    entryPoints: { cli: "src/cli/main.ts" },
    outdir: "dist",
    splitting: true,
    chunkNames: "cli-chunks/[name]-[hash]",
    banner: { js: "#!/usr/bin/env node\n" + banner.js },
  }),
  build({ ...common, entryPoints: ["src/appmaster/yarn/main.ts"], outfile: "dist/appmaster.js", banner }),
  build({ ...common, entryPoints: ["src/service/main.ts"], outfile: "dist/service.js", banner }),
  // Local mode's AM (submit --local): the same core over local processes, run from dist/ directly.
  build({ ...common, entryPoints: ["src/appmaster/local/main.ts"], outfile: "dist/appmaster-local.js", banner }),
  // The library leaves its npm dependencies to the user's node_modules (they are this package's
  // "dependencies"), so they are not duplicated. It lives beside appmaster.js and service.js,
  // which is where findDistDir() looks for the bundles it ships to the cluster.
  build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js", packages: "external" }),
]);
chmodSync("dist/cli.js", 0o755);
copyPythonPackage();
emitDeclarations("src/index.ts", "dist/types");
console.log("built dist/cli.js, dist/appmaster.js, dist/appmaster-local.js, dist/service.js, dist/index.js (+ dist/types, dist/python)");

/**
 * skeleton.yaml's defaults layer parsed now (src/spec/skeleton-tree.ts): commands that read no
 * config file then never load the YAML parser (status starts in about the time of node itself).
 */
function skeletonTree() {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/skeleton-tree.ts"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scripts/skeleton-tree.ts failed:\n${r.stderr}`);
  return r.stdout;
}

/**
 * The pure-Python tsdask_yarn package (its .py sources), which the runtime archive carries to the
 * containers (findPythonDir looks in dist/python first): so an installed npm package or wheel,
 * which has no checkout's python/ beside it, ships it too.
 */
function copyPythonPackage() {
  rmSync("dist/python", { recursive: true, force: true });
  mkdirSync("dist/python/tsdask_yarn", { recursive: true });
  for (const n of readdirSync("python/tsdask_yarn")) {
    if (n.endsWith(".py") || n === "py.typed") copyFileSync(`python/tsdask_yarn/${n}`, `dist/python/tsdask_yarn/${n}`);
  }
}

/** The library's .d.ts files, with the project's own compiler options (strict, NodeNext). */
function emitDeclarations(entry, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const fail = (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  };
  const config = ts.getParsedCommandLineOfConfigFile("tsconfig.json", {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  const options = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir, rootDir: "src" };
  const result = ts.createProgram([entry], options).emit();
  if (result.emitSkipped || result.diagnostics.length) {
    for (const d of result.diagnostics) console.error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    throw new Error("declaration emit failed");
  }
}
