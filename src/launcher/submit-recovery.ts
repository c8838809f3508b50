// submit's ResourceManager calls before anything is staged (new-application, the scheduler's
// queues), waited out while the RM restarts like status and scale do (rm-recovery.ts). An RM that
// refuses connections counts as restarting only when the cluster's configuration says its RM comes
// back with its applications (yarn.resourcemanager.recovery.enabled, or RM HA) and HDFS answers
// with tsdask's staging base directory there: this cluster has run applications before, so the
// address is right. A submit against a wrongly configured RM, or an RM without recovery, still
// fails at once (exit 1, as docs/bad-input.md says). Giving up leaves nothing behind: nothing was
// staged or submitted yet.
import { TsdaskError } from "../errors.js";
import type { ClusterOptions, ClusterSession } from "./cluster.js";
import { whileRmRecovers, type RecoveryContext } from "./rm-recovery.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the RM's REST JSON, untyped: each field is converted where it is read
type Obj = Record<string, any>;

export type SubmitRecoveryOptions = Pick<ClusterOptions, "rmRecoveryWaitMs" | "onNotice"> & {
  readonly signal?: AbortSignal;
};

type RecoverySession = Pick<ClusterSession, "rm" | "hdfs" | "baseDir"> & {
  readonly addresses: Pick<ClusterSession["addresses"], "rmRecoveryEnabled" | "rmHaEnabled">;
};

function context(session: RecoverySession, pending: string, o: SubmitRecoveryOptions): RecoveryContext {
  const recovers = session.addresses.rmRecoveryEnabled || session.addresses.rmHaEnabled;
  return {
    stagingExists: async () => recovers && Boolean(await session.hdfs.statIfExists(session.baseDir)),
    stagingWhat: `the staging base directory ${session.baseDir}`,
    pending: `${pending}; nothing was staged or submitted`,
    ...(o.rmRecoveryWaitMs !== undefined ? { rmRecoveryWaitMs: o.rmRecoveryWaitMs } : {}),
    ...(o.onNotice ? { onNotice: o.onNotice } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

/** new-application, waiting out an RM restart. */
export function newApplicationWhileRmRecovers(
  session: RecoverySession,
  o: SubmitRecoveryOptions,
): ReturnType<ClusterSession["rm"]["newApplication"]> {
  const ctx = context(session, "no application id yet", o);
  return whileRmRecovers(session.rm, "new-application", () => session.rm.newApplication(), ctx);
}

/**
 * The scheduler's queues for the queue and capacity checks, waiting out an RM restart; undefined
 * when the scheduler cannot be read for another reason (ACLs, FIFO): the RM decides at submission.
 */
export async function schedulerWhileRmRecovers(
  session: RecoverySession,
  appId: string,
  o: SubmitRecoveryOptions,
): Promise<Obj | undefined> {
  const ctx = context(session, `${appId}'s queue is not checked yet`, o);
  try {
    return await whileRmRecovers(session.rm, appId, () => session.rm.schedulerInfo(), ctx);
  } catch (err) {
    if (err instanceof TsdaskError && err.code === "RM_RECOVERING") throw err;
    return undefined;
  }
}
