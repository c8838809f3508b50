// The AM runtime archive: a Node for the nodes (runtime/resolve.ts chooses it: the launcher's own, a
// portable one, or a small shim script that execs a Node on the nodes or in the environment), the
// AM and service-wrapper bundles, and the pure-Python tsdask_yarn package (for from_current() in
// an environment without it), as one .tar.gz the NodeManager extracts to `tsdask/` in every
// container (RUNTIME in control/runtime.ts). Nothing else is needed on the cluster: no npm.
//
// The bytes depend only on the inputs (sorted entries, fixed mtimes and modes, no owner), so the
// same Node + bundles always hash the same and hit the HDFS upload cache: a cluster receives the
// runtime once per version. Packing (gzip of a ~100 MB binary) takes seconds, so the archive is
// also cached locally, keyed by the Node version and the bundle hashes.
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { create as tarCreate } from "tar";
import { RUNTIME } from "../control/runtime.js";
import { LauncherError } from "./errors.js";

/** Bumped when the archive layout changes, so old cached archives are not reused. */
const FORMAT = 1;
/** Fixed entry time (not 0: some unpackers warn about 1970). */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");
/** Name of the archive in the HDFS cache: the extension tells the NodeManager how to unpack it. */
export const RUNTIME_ARCHIVE_NAME = "tsdask-runtime.tar.gz";

export interface RuntimeArchiveOptions {
  /** Directory holding appmaster.js and service.js (default: found next to this module). */
  readonly distDir?: string;
  /** The Node binary to ship (default process.execPath), or the text of a shim script that execs one. */
  readonly nodeBinary?: string;
  readonly nodeShim?: string;
  /** The tsdask_yarn Python package's parent directory (default: found near distDir; none = not shipped). */
  readonly pythonDir?: string | null;
  /** Local cache directory (default $XDG_CACHE_HOME or ~/.cache, + tsdask-yarn/runtime). */
  readonly cacheDir?: string;
}

export interface RuntimeArchive {
  /** Local path of the packed archive. */
  readonly path: string;
  /** Cache key: Node version/platform + binary size + bundle hashes. */
  readonly key: string;
  /** False when the archive came from the local cache. */
  readonly packed: boolean;
  readonly packMs: number;
}

/**
 * The dist directory with the bundles. From the bundled CLI it is this module's own directory or
 * its parent (dist/cli-chunks/); from sources run by tsx (src/launcher/) it is ../../dist.
 */
export function findDistDir(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  // dist/ itself; dist/ seen from a CLI chunk (dist/cli-chunks/); dist/ seen from src/launcher/ (tsx).
  const candidates = [here, join(here, ".."), join(here, "..", "..", "dist"), join(here, "..", "dist")];
  for (const dir of candidates) {
    if (existsSync(join(dir, RUNTIME.appmaster)) && existsSync(join(dir, RUNTIME.service))) return dir;
  }
  throw new LauncherError(
    "RUNTIME_BUNDLE_MISSING",
    `the ApplicationMaster bundles (${RUNTIME.appmaster}, ${RUNTIME.service}) are not built (looked in ${candidates.join(", ")})`,
    "Reinstall tsdask-yarn (its package carries them), or run 'npm run build' in a checkout.",
  );
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "tsdask-yarn", "runtime");
}

function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** What goes to bin/node: a binary's path, or a shim script's text. */
export type NodeInput = string | { readonly shim: string };

/** The pure-Python package beside the bundles: <dist>/python or the checkout's python/. */
export function findPythonDir(distDir: string): string | undefined {
  return [join(distDir, "python"), join(distDir, "..", "python")].find((d) =>
    existsSync(join(d, "tsdask_yarn", "__init__.py")),
  );
}

/** The package's files: sources only (an installed wheel's tsdask_yarn also holds the bundled CLI). */
function pythonFiles(pythonDir: string): string[] {
  return readdirSync(join(pythonDir, "tsdask_yarn"))
    .filter((n) => n.endsWith(".py") || n === "py.typed")
    .sort()
    .map((n) => `tsdask_yarn/${n}`);
}

/**
 * The cache key; cheap to compute (a binary is identified by path, size and mtime, not hashed; the
 * launcher's own by its version too).
 */
export function runtimeKey(node: NodeInput, distDir: string, pythonDir?: string): string {
  const st = typeof node === "string" ? statSync(node) : undefined;
  const parts = [
    `format=${FORMAT}`,
    typeof node === "string" ? `binary=${node}:${st!.size}:${st!.mtimeMs}` : `shim=${sha256(node.shim)}`,
    ...(node === process.execPath ? [`node=${process.version}`] : []),
    `appmaster=${sha256(readFileSync(join(distDir, RUNTIME.appmaster)))}`,
    `service=${sha256(readFileSync(join(distDir, RUNTIME.service)))}`,
    ...(pythonDir ? pythonFiles(pythonDir).map((f) => `${f}=${sha256(readFileSync(join(pythonDir, f)))}`) : []),
  ];
  return sha256(parts.join("\n")).slice(0, 32);
}

/** Packs (or finds in the local cache) the runtime archive. */
export async function runtimeArchive(options: RuntimeArchiveOptions = {}): Promise<RuntimeArchive> {
  const distDir = options.distDir ?? findDistDir();
  const node: NodeInput =
    options.nodeShim !== undefined ? { shim: options.nodeShim } : (options.nodeBinary ?? process.execPath);
  const pythonDir = options.pythonDir === null ? undefined : (options.pythonDir ?? findPythonDir(distDir));
  for (const f of [RUNTIME.appmaster, RUNTIME.service]) {
    if (!existsSync(join(distDir, f))) {
      throw new LauncherError("RUNTIME_BUNDLE_MISSING", `${join(distDir, f)} does not exist`, "Run 'npm run build'.");
    }
  }
  const key = runtimeKey(node, distDir, pythonDir);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const path = join(cacheDir, `${key}.tar.gz`);
  if (existsSync(path)) return { path, key, packed: false, packMs: 0 };
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  await packRuntime(node, distDir, path, pythonDir);
  pruneLocalCache(cacheDir, path);
  return { path, key, packed: true, packMs: Date.now() - started };
}

/** Archives kept in the local cache: every rebuilt bundle makes a new ~40 MB one. */
export const KEEP_LOCAL_ARCHIVES = 3;

/** Removes all but the newest KEEP_LOCAL_ARCHIVES archives (never `keep`). Best effort. */
function pruneLocalCache(cacheDir: string, keep: string): void {
  try {
    const archives = readdirSync(cacheDir)
      .filter((n) => /^[0-9a-f]{32}\.tar\.gz$/.test(n))
      .map((n) => join(cacheDir, n))
      .filter((p) => p !== keep)
      .map((p) => ({ p, t: statSync(p).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { p } of archives.slice(KEEP_LOCAL_ARCHIVES - 1)) rmSync(p, { force: true });
  } catch {
    // Another process pruning at the same time, or a file vanished: the cache stays usable.
  }
}

/**
 * Writes the archive to `outFile` (atomically: a temp name, then rename, so a killed pack never
 * leaves a truncated archive that later runs would trust). Modes are set explicitly so the bytes
 * do not depend on the umask or on how the binary was installed.
 */
export async function packRuntime(
  node: NodeInput,
  distDir: string,
  outFile: string,
  pythonDir?: string,
): Promise<void> {
  const tree = mkdtempSync(join(dirname(outFile), ".pack-"));
  const temp = `${outFile}.${process.pid}.tmp`;
  try {
    mkdirSync(join(tree, "bin"));
    chmodSync(join(tree, "bin"), 0o755);
    if (typeof node === "string") copyFileSync(node, join(tree, RUNTIME.node));
    else writeFileSync(join(tree, RUNTIME.node), node.shim);
    chmodSync(join(tree, RUNTIME.node), 0o755);
    const copy = (from: string, to: string) => {
      copyFileSync(from, join(tree, to));
      chmodSync(join(tree, to), 0o644);
    };
    for (const f of [RUNTIME.appmaster, RUNTIME.service]) copy(join(distDir, f), f);
    const python = pythonDir ? pythonFiles(pythonDir) : [];
    if (pythonDir) {
      for (const dir of [RUNTIME.python, `${RUNTIME.python}/tsdask_yarn`]) {
        mkdirSync(join(tree, dir));
        chmodSync(join(tree, dir), 0o755);
      }
      for (const f of python) copy(join(pythonDir, f), `${RUNTIME.python}/${f}`);
    }
    // Listed by hand, sorted: tar's own recursion would follow readdir order.
    const pythonEntries = pythonDir
      ? [RUNTIME.python, `${RUNTIME.python}/tsdask_yarn`, ...python.map((f) => `${RUNTIME.python}/${f}`)]
      : [];
    const entries = [RUNTIME.appmaster, "bin", RUNTIME.node, RUNTIME.service, ...pythonEntries].sort();
    await tarCreate(
      { file: temp, cwd: tree, gzip: true, portable: true, mtime: FIXED_MTIME, noDirRecurse: true },
      entries,
    );
    renameSync(temp, outFile);
  } finally {
    rmSync(tree, { recursive: true, force: true });
    rmSync(temp, { force: true });
  }
}
