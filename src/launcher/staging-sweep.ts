// The sweep of ended applications' staging directories. The AM deletes its own staging dir when
// it finishes, when YARN stops it for good (SIGTERM after a kill) and when its last attempt fails;
// what it could not delete (an AM killed with kill -9, a lost node, HDFS in safe mode) holds the
// control secret and the per-application CA key, so the next launcher command that touches the
// staging area (submit, kill, status of an ended application, cache ls/clean) removes it here.
//
// Only the user's own staging area (<base>/apps/ under their home or --staging-root) is looked at,
// and a directory goes only when the RM says its application ended (FINISHED, FAILED, KILLED), or
// when the RM does not know it (forgotten after max-completed-applications, or an RM restarted
// without recovery) and nothing has written into it for a day: a submit between new-application
// and submission has a directory the RM does not list yet.
import { STAGING } from "../control/runtime.js";
import { TsdaskError } from "../errors.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import type { ClusterSession } from "./cluster.js";

/** A directory the RM does not know is left alone this long after its last write. */
export const UNKNOWN_APP_GRACE_MS = 24 * 3600 * 1000;
/** The sweep is a side job of another command: it gives up after this, leaving the rest for next time. */
export const SWEEP_BUDGET_MS = 10_000;
/** Directories looked at per sweep (the rest next time), so a huge leftover pile never stalls a command. */
const MAX_DIRS = 200;

const APP_ID = /^application_\d+_\d+$/;

/** A directory under <base>/apps/ named like an application id (anything else is not ours to judge). */
export const isAppDirName = (name: string): boolean => APP_ID.test(name);

export interface StagingSweep {
  /** Staging directories removed (applications that ended). */
  readonly removed: readonly string[];
  /** Directories of ended applications that could not be removed, and why. */
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  /** Set when the sweep stopped early (RM or NameNode unreachable, budget spent): why. */
  readonly incomplete?: string;
}

type Session = Pick<ClusterSession, "hdfs" | "rm" | "baseDir">;

/** Whether the RM says the application ended, is live, or does not know it (404). */
export async function rmStateOf(session: Pick<Session, "rm">, appId: string): Promise<"ended" | "live" | "unknown"> {
  if (!APP_ID.test(appId)) return "unknown";
  try {
    return TERMINAL_STATES.includes(await session.rm.applicationState(appId)) ? "ended" : "live";
  } catch (e) {
    if (e instanceof TsdaskError && e.code === "YARN_NOT_FOUND") return "unknown";
    throw e;
  }
}

/** Removes the staging directories of the user's ended applications; never throws. */
export async function sweepEndedStaging(session: Session, now = Date.now()): Promise<StagingSweep> {
  const removed: string[] = [];
  const failed: { path: string; reason: string }[] = [];
  const deadline = now + SWEEP_BUDGET_MS;
  const appsDir = `${session.baseDir}/${STAGING.apps}`;
  try {
    const root = await session.hdfs.statIfExists(appsDir);
    if (root?.type !== "DIRECTORY") return { removed, failed };
    const dirs = (await session.hdfs.list(appsDir)).filter((d) => d.type === "DIRECTORY" && APP_ID.test(d.name));
    for (const d of dirs.slice(0, MAX_DIRS)) {
      if (Date.now() > deadline) return { removed, failed, incomplete: `stopped after ${SWEEP_BUDGET_MS} ms` };
      const state = await rmStateOf(session, d.name);
      const ended = state === "ended" || (state === "unknown" && now - d.modificationTime > UNKNOWN_APP_GRACE_MS);
      if (!ended) continue;
      const path = `${appsDir}/${d.name}`;
      try {
        await session.hdfs.delete(path, true);
        removed.push(path);
      } catch (e) {
        failed.push({ path, reason: (e as Error).message });
      }
    }
    return { removed, failed };
  } catch (e) {
    return { removed, failed, incomplete: (e as Error).message };
  }
}
