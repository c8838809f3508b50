// `cache ls` / `cache clean`: what the user's upload cache holds, how big it is and when each entry
// was last used, and removal of partial uploads (`*.uploading`) that cut uploads left. Both remove
// partial uploads older than a day, like every submit that uploads, so a listing never shows
// garbage as if it were in use, and both sweep the staging directories of ended applications.
// Complete entries go only with `--unused-for` (cache-evict.ts): never one a live application uses.
import { openCluster, type ClusterOptions } from "./cluster.js";
import { evictUnused, type Eviction } from "./cache-evict.js";
import { cacheFiles, removeStalePartials, STALE_AFTER_MS, type CacheFile } from "./staging/index.js";
import { sweepEndedStaging, type StagingSweep } from "./staging-sweep.js";

export interface CacheReport {
  /** HDFS directory of the cache. */
  readonly root: string;
  /** Complete entries, largest first. */
  readonly entries: readonly CacheFile[];
  /** Partial uploads still there (younger than the limit, or not removable). */
  readonly partial: readonly CacheFile[];
  /** Partial uploads this call removed. */
  readonly removed: readonly CacheFile[];
  /** Partial uploads it could not remove, and why. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /** Entries evicted as unused (`unusedForMs`), and old ones kept because a live application uses them. */
  readonly eviction?: Eviction;
  /** Staging directories of ended applications removed on the way. */
  readonly staging: StagingSweep;
}

export interface CleanOptions extends ClusterOptions {
  /** Partial uploads last written longer ago than this are removed (default a day). */
  readonly olderThanMs?: number;
  /** Complete entries no application used for this long are removed (default: none are). */
  readonly unusedForMs?: number;
}

/** Lists the cache after removing partial uploads older than `olderThanMs` (default a day). */
export async function cleanCache(options: CleanOptions = {}): Promise<CacheReport> {
  const session = await openCluster(options);
  const staging = await sweepEndedStaging(session);
  const files = await cacheFiles(session.hdfs, session.cacheDir);
  const swept = await removeStalePartials(session.hdfs, files, options.olderThanMs ?? STALE_AFTER_MS);
  const eviction =
    options.unusedForMs === undefined
      ? undefined
      : await evictUnused(
          session,
          files.filter((f) => !f.partial),
          options.unusedForMs,
        );
  const gone = new Set([...swept.removed, ...(eviction?.evicted ?? [])].map((f) => f.path));
  const left = files.filter((f) => !gone.has(f.path));
  return {
    root: session.cacheDir,
    entries: left.filter((f) => !f.partial).sort((a, b) => b.bytes - a.bytes),
    partial: left.filter((f) => f.partial),
    removed: swept.removed,
    failed: swept.failed.map((x) => ({ path: x.file.path, reason: x.reason })),
    ...(eviction ? { eviction } : {}),
    staging,
  };
}
