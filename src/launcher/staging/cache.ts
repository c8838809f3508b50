// Content-addressed upload: a local file lands at <home>/.tsdask-yarn/cache/<sha256>/<name> once,
// and every later submit with the same bytes reuses it (no transfer). The bytes go to a temporary
// name first and are renamed into place only when complete, so a killed or failed upload never
// leaves a cache entry that looks valid but is truncated.
//
// This lives in the launcher, not in webhdfs/: the cache layout, hashing and packing are submit
// policy (docs/design.md §2, step 5), while webhdfs/ stays a protocol client the AM bundle also uses.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { TsdaskError } from "../../errors.js";
import type { FileStatus, WebHdfsClient } from "../../webhdfs/index.js";
import { sha256File } from "./hash.js";
import { packDirectory } from "./pack.js";
import { cacheFiles, removeStalePartials, type SweepResult } from "./partial.js";

export const CACHE_DIR = ".tsdask-yarn/cache";

export interface CachedUpload {
  /** Absolute HDFS path of the cache entry. */
  readonly path: string;
  readonly sha256: string;
  /** GETFILESTATUS of the entry: its length and modificationTime go into the LocalResource. */
  readonly status: FileStatus;
  /** False when the entry was already there and nothing was transferred. */
  readonly uploaded: boolean;
}

export interface CacheOptions {
  /** File name inside the entry (default: the local base name; a packed dir gets `.tar.gz`). */
  readonly name?: string;
  /** HDFS dir holding the cache (default <home>/.tsdask-yarn/cache). */
  readonly cacheRoot?: string;
  readonly onProgress?: (sent: number, total: number | undefined) => void;
  /** Stops hashing or the transfer within a second; the partial upload is deleted. */
  readonly signal?: AbortSignal;
  /** Stale partial uploads (older than a day) removed, or not, before this upload. */
  readonly onSweep?: (result: SweepResult) => void;
  /** A partial upload of this call that could not be deleted after a failure. */
  readonly onLeftover?: (leftover: PartialLeftover) => void;
}

export interface PartialLeftover {
  readonly path: string;
  readonly bytes: number | undefined;
  readonly reason: string;
}

/**
 * Records a use of the entry directory `dir`: its modification time becomes now (what `cache ls`
 * shows as last use and `cache clean --unused-for` goes by). The directory, not the file: the
 * file's modification time is part of every YARN local resource that names it and must not change.
 * Best effort: a cache on a read-only or safe-mode HDFS is still usable.
 */
export async function markUsed(hdfs: WebHdfsClient, dir: string): Promise<void> {
  await hdfs.setModificationTime(dir, Date.now()).catch(() => undefined);
}

export async function uploadToCache(
  hdfs: WebHdfsClient,
  localPath: string,
  options: CacheOptions = {},
): Promise<CachedUpload> {
  let st;
  try {
    st = statSync(localPath);
  } catch (e) {
    throw new TsdaskError(
      "LOCAL_FILE_MISSING",
      `cannot read ${localPath}: ${(e as Error).message}`,
      "Check the path in the spec.",
      { cause: e },
    );
  }
  if (!st.isDirectory()) return uploadFile(hdfs, localPath, options.name ?? basename(localPath), options);
  const tmp = mkdtempSync(join(tmpdir(), "tsdask-pack-"));
  try {
    const archive = join(tmp, `${basename(localPath)}.tar.gz`);
    await packDirectory(localPath, archive);
    return await uploadFile(hdfs, archive, options.name ?? basename(archive), options);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function uploadFile(
  hdfs: WebHdfsClient,
  file: string,
  name: string,
  options: CacheOptions,
): Promise<CachedUpload> {
  if (!name || name.includes("/") || name.startsWith(".")) {
    throw new TsdaskError(
      "CACHE_NAME_INVALID",
      `'${name}' cannot name a cache entry`,
      "Use a plain file name that does not start with '.'.",
    );
  }
  const size = statSync(file).size;
  const sha256 = await sha256File(file, options.signal);
  const root = options.cacheRoot ?? `${await hdfs.homeDirectory()}/${CACHE_DIR}`;
  const dir = `${root}/${sha256}`;
  const path = `${dir}/${name}`;
  const existing = await hdfs.statIfExists(path);
  if (existing?.type === "FILE" && existing.length === size) {
    await markUsed(hdfs, dir);
    return { path, sha256, status: existing, uploaded: false };
  }
  if (existing) await hdfs.delete(path, true); // wrong size: someone else's broken copy; replace it
  // Uploads are when the cache grows: a good time to drop what earlier, cut uploads left.
  await removeStalePartials(hdfs, await cacheFiles(hdfs, root)).then(options.onSweep, () => undefined);
  // Private to the user: the entry is localized with PRIVATE visibility.
  await hdfs.mkdirs(dir, "700");
  // Dot-prefixed, random temporary name: never mistaken for an entry, never shared by two uploads.
  const temp = `${dir}/.${name}.${randomBytes(6).toString("hex")}.uploading`;
  try {
    await hdfs.create(temp, file, {
      overwrite: false,
      permission: "600",
      onProgress: options.onProgress,
      signal: options.signal,
    });
    const written = await hdfs.stat(temp);
    if (written.length !== size) {
      throw new TsdaskError(
        "CACHE_UPLOAD_SHORT",
        `uploaded ${written.length} of ${size} bytes of ${file}`,
        "Retry the submit; check the DataNode logs if it repeats.",
      );
    }
    if (!(await hdfs.rename(temp, path))) {
      // Another submit finished the same entry first; theirs has the same bytes.
      const winner = await hdfs.statIfExists(path);
      if (winner?.length !== size)
        throw new TsdaskError("CACHE_RENAME_FAILED", `could not move ${temp} to ${path}`, "Retry the submit.");
      await hdfs.delete(temp);
      return { path, sha256, status: winner, uploaded: true };
    }
  } catch (e) {
    const left = await removePartial(hdfs, temp);
    if (left) options.onLeftover?.(left);
    throw e;
  }
  return { path, sha256, status: await hdfs.stat(path), uploaded: true };
}

/**
 * Deletes a partial upload after a failure or an abort. The DataNode may still be closing the
 * file it wrote for us when the first delete runs, so the path is checked again briefly.
 * Returns what is left when it cannot be deleted (e.g. the NameNode is down).
 */
async function removePartial(hdfs: WebHdfsClient, temp: string): Promise<PartialLeftover | undefined> {
  try {
    for (let i = 0; i < 3; i++) {
      await hdfs.delete(temp);
      await new Promise((r) => setTimeout(r, 300));
      if (!(await hdfs.statIfExists(temp))) {
        // The entry's directory, if this upload made it: non-recursive, so another upload's file keeps it.
        await hdfs.delete(temp.slice(0, temp.lastIndexOf("/"))).catch(() => false);
        return undefined;
      }
    }
    const st = await hdfs.statIfExists(temp);
    return { path: temp, bytes: st?.length, reason: "the DataNode kept writing it after three deletes" };
  } catch (e) {
    // An unreachable NameNode will not be back within this Ctrl-C or failure: report, don't wait.
    return { path: temp, bytes: undefined, reason: (e as Error).message };
  }
}
