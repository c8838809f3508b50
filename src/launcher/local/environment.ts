// The Python environment of a local application: a directory is used as it is; an archive
// (venv-pack, conda-pack) is unpacked once into <home>/local/envs/<sha256 of the archive>/ and
// reused by every later local application with the same bytes. Unpacking goes into a temporary
// directory that is renamed into place only when complete, so a failure or Ctrl-C leaves no
// partial environment that a later run would trust; a crash's temporary directory is removed by
// the next unpack once it is a day old.
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { extract } from "tar";
import { isRemoteUri } from "../../spec/index.js";
import { LauncherError } from "../errors.js";
import { sha256File } from "../staging/index.js";

const TMP_PREFIX = ".unpacking-";
const STALE_MS = 24 * 3600 * 1000;

export interface LocalEnvironment {
  /** The directory containing bin/python. */
  readonly dir: string;
  /** True when this call unpacked it (false: a directory, or the cache had it). */
  readonly unpacked: boolean;
}

function removeStaleTemporaries(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const p = join(cacheDir, name);
    if (Date.now() - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
  }
}

export async function localEnvironment(
  environment: string,
  cacheDir: string,
  signal?: AbortSignal,
): Promise<LocalEnvironment> {
  if (isRemoteUri(environment)) {
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `local mode cannot use the environment ${environment}: it is on the cluster`,
      "Give a local archive (venv-pack/conda-pack .tar.gz) or the environment's directory.",
    );
  }
  const source = resolve(environment);
  if (statSync(source).isDirectory()) return { dir: source, unpacked: false };
  if (!/\.(tar\.gz|tgz|tar)$/i.test(source)) {
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `local mode unpacks .tar.gz, .tgz and .tar archives, not ${environment}`,
      "Unpack it yourself and give the directory, or pack it with venv-pack/conda-pack.",
    );
  }
  const hash = await sha256File(source, signal);
  const dir = join(cacheDir, hash);
  if (existsSync(dir)) return { dir, unpacked: false };
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  removeStaleTemporaries(cacheDir);
  // preservePaths: venv-pack's bin/python is an absolute link to the base interpreter, which
  // tar would drop otherwise (the archive is the user's own, as YARN treats it).
  const tmp = mkdtempSync(join(cacheDir, `${TMP_PREFIX}${hash.slice(0, 12)}-`));
  try {
    await pipeline(
      createReadStream(source),
      extract({ cwd: tmp, preservePaths: true }),
      ...(signal ? [{ signal }] : []),
    );
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    // Another submit finished the same unpack first: its copy is as good as ours.
    if (existsSync(dir)) return { dir, unpacked: false };
    if (signal?.aborted) throw e;
    throw new LauncherError(
      "ENVIRONMENT_INVALID",
      `cannot unpack ${environment}: ${(e as Error).message}`,
      "Check that the archive is complete (venv-pack/conda-pack write .tar.gz).",
      { cause: e },
    );
  }
  return { dir, unpacked: true };
}
