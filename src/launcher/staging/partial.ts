// Partial uploads in the cache: `<entry dir>/.<name>.<random>.uploading` files that a killed
// process, a NameNode crash or a network cut left behind (cache.ts writes every upload under such
// a name and renames it into place only when complete). They are never used, only take space.
//
// A partial upload younger than a day may belong to a submit that is still uploading (on this or
// another machine), so only older ones count as stale; `cache clean --older-than` can say otherwise.
import type { FileStatus, WebHdfsClient } from "../../webhdfs/index.js";

export const STALE_AFTER_MS = 24 * 3600 * 1000;

const PARTIAL = /^\..+\.[0-9a-f]+\.uploading$/;

export function isPartialUpload(name: string): boolean {
  return PARTIAL.test(name);
}

/** A file in the cache: a complete entry or a partial upload. */
export interface CacheFile {
  /** Absolute HDFS path. */
  readonly path: string;
  /** The entry's directory name: the sha256 of the content. */
  readonly sha256: string;
  readonly name: string;
  readonly bytes: number;
  readonly modificationTime: number;
  /** When an application last used the entry: its directory's modification time (cache.ts sets it on every use). */
  readonly lastUsed: number;
  readonly partial: boolean;
}

/** Every file of the cache under `cacheRoot` (none when the cache does not exist yet). */
export async function cacheFiles(hdfs: WebHdfsClient, cacheRoot: string): Promise<CacheFile[]> {
  const root = await hdfs.statIfExists(cacheRoot);
  if (root?.type !== "DIRECTORY") return [];
  const out: CacheFile[] = [];
  for (const dir of await hdfs.list(cacheRoot)) {
    if (dir.type !== "DIRECTORY") continue;
    let files: FileStatus[];
    try {
      files = await hdfs.list(`${cacheRoot}/${dir.name}`);
    } catch {
      continue; // removed by a concurrent clean between the two listings
    }
    for (const f of files) {
      if (f.type !== "FILE") continue;
      out.push({
        path: `${cacheRoot}/${dir.name}/${f.name}`,
        sha256: dir.name,
        name: f.name,
        bytes: f.length,
        modificationTime: f.modificationTime,
        lastUsed: dir.modificationTime,
        partial: isPartialUpload(f.name),
      });
    }
  }
  return out;
}

export interface SweepResult {
  readonly removed: readonly CacheFile[];
  /** Stale partial uploads that could not be deleted, with the reason. */
  readonly failed: readonly { readonly file: CacheFile; readonly reason: string }[];
}

/** Deletes the partial uploads last written more than `olderThanMs` ago. */
export async function removeStalePartials(
  hdfs: WebHdfsClient,
  files: readonly CacheFile[],
  olderThanMs = STALE_AFTER_MS,
  now = Date.now(),
): Promise<SweepResult> {
  const removed: CacheFile[] = [];
  const failed: { file: CacheFile; reason: string }[] = [];
  for (const f of files) {
    if (!f.partial || now - f.modificationTime < olderThanMs) continue;
    try {
      await hdfs.delete(f.path);
      removed.push(f);
    } catch (e) {
      failed.push({ file: f, reason: (e as Error).message });
    }
  }
  return { removed, failed };
}
