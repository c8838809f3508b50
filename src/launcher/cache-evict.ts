// `cache clean --unused-for`: eviction of cache entries no application used for a while. Last use
// is the entry directory's modification time, which every submit that uses the entry sets
// (staging/cache.ts markUsed). An entry a live application names in its `cache-uses.json` is
// never evicted, however old its last use: its containers (a restarted worker, a new AM attempt)
// localize it again. When a live application's list cannot be read, nothing is evicted.
import { APP_FILES, STAGING } from "../control/runtime.js";
import type { ClusterSession } from "./cluster.js";
import { readStagedText } from "./staged-text.js";
import { isAppDirName, rmStateOf, UNKNOWN_APP_GRACE_MS } from "./staging-sweep.js";
import type { CacheFile } from "./staging/index.js";

type Session = Pick<ClusterSession, "hdfs" | "rm" | "baseDir">;

export interface Eviction {
  readonly evicted: readonly CacheFile[];
  /** Old entries kept because a live application uses them (path → application ids). */
  readonly inUse: readonly { readonly path: string; readonly appIds: readonly string[] }[];
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /** Set when nothing was evicted because what live applications use is not known: why. */
  readonly refused?: string;
}

/** Cache paths used by the user's live applications (from their staging directories), by path. */
export async function liveCacheUses(session: Session, now = Date.now()): Promise<Map<string, string[]>> {
  const appsDir = `${session.baseDir}/${STAGING.apps}`;
  const uses = new Map<string, string[]>();
  if ((await session.hdfs.statIfExists(appsDir))?.type !== "DIRECTORY") return uses;
  for (const d of await session.hdfs.list(appsDir)) {
    if (d.type !== "DIRECTORY" || !isAppDirName(d.name)) continue;
    const state = await rmStateOf(session, d.name);
    if (state === "ended") continue;
    if (state === "unknown" && now - d.modificationTime > UNKNOWN_APP_GRACE_MS) continue;
    const text = await readStagedText(session.hdfs, `${appsDir}/${d.name}/${APP_FILES.cacheUses}`);
    if (text === undefined) {
      throw new Error(`${d.name} is not over and has no ${APP_FILES.cacheUses} (submitted by an older version?)`);
    }
    for (const p of JSON.parse(text) as string[]) uses.set(p, [...(uses.get(p) ?? []), d.name]);
  }
  return uses;
}

/** Deletes complete entries whose last use is older than `unusedForMs`, except those live applications use. */
export async function evictUnused(
  session: Session,
  entries: readonly CacheFile[],
  unusedForMs: number,
  now = Date.now(),
): Promise<Eviction> {
  const old = entries.filter((f) => !f.partial && now - f.lastUsed >= unusedForMs);
  if (old.length === 0) return { evicted: [], inUse: [], failed: [] };
  let uses: Map<string, string[]>;
  try {
    uses = await liveCacheUses(session, now);
  } catch (e) {
    return { evicted: [], inUse: [], failed: [], refused: (e as Error).message };
  }
  const evicted: CacheFile[] = [];
  const inUse: { path: string; appIds: string[] }[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const f of old) {
    const appIds = uses.get(f.path);
    if (appIds) {
      inUse.push({ path: f.path, appIds });
      continue;
    }
    const dir = f.path.slice(0, f.path.lastIndexOf("/"));
    try {
      // A submit may have used it since the listing: look again right before deleting.
      const now2 = Date.now();
      const st = await session.hdfs.statIfExists(dir);
      if (st && now2 - st.modificationTime < unusedForMs) continue;
      await session.hdfs.delete(f.path);
      evicted.push(f);
      // The directory goes with its last file (non-recursive: another name of the same bytes keeps it).
      await session.hdfs.delete(dir).catch(() => false);
    } catch (e) {
      failed.push({ path: f.path, reason: (e as Error).message });
    }
  }
  return { evicted, inUse, failed };
}
