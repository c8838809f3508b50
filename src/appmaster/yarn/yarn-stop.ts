// The AM's part in "nothing outlives its application": the staging directory (the control secret,
// the per-application CA key, the TLS keys) goes when YARN ends the application from outside or
// its last attempt fails, not only when the AM finishes it (app-master.ts finish()).
//
// - SIGTERM: the NodeManager stops the AM container (a kill through the RM's REST API, UI, CLI or
//   an admin; the RM's lifetime limit) and sends SIGKILL after
//   yarn.nodemanager.sleep-delay-before-sigkill.ms (250 ms by default). SIGTERM also comes when only
//   this attempt is stopped (a NodeManager shut down without recovery, the container's shell killed,
//   `yarn applicationattempt -fail`, AM preemption): then the next attempt needs the directory, and
//   the RM's "attempt unknown" answer looks the same as for a killed application. So the AM deletes
//   on SIGTERM only on its last attempt (no later attempt can need the directory), and only once
//   the RM no longer knows the attempt; both calls fit in the kill delay on a healthy cluster. An
//   application killed on an earlier attempt keeps its directory until the owner's next command
//   (the launcher's sweep, checked against the RM's final state).
// - The last attempt failing (an AM error, the RM unreachable for the liveness interval): the
//   application fails with it, so nothing will read the directory again.
// What neither reaches (kill -9, a lost node, HDFS in safe mode) the launcher's sweep removes.
import type { StagingFs } from "../deps.js";

/** The part of SIGTERM's kill delay spent asking the RM; the delete gets the rest. */
export const STOP_PROBE_MS = 120;
export const STOP_DELETE_MS = 200;

export interface StopDeps {
  /** True when the RM says this attempt is over (YarnBackend.attemptGone). */
  readonly attemptGone: (timeoutMs: number) => Promise<boolean>;
  readonly fs: Pick<StagingFs, "delete">;
  readonly stagingDir: string;
  readonly log: (line: string) => void;
}

function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function removeStaging(d: StopDeps, ms: number, why: string): Promise<void> {
  const ok = await within(
    d.fs.delete(d.stagingDir, true).then(
      () => true,
      (e: Error) => (d.log(`could not delete the staging dir ${d.stagingDir}: ${e.message}`), false),
    ),
    ms,
    false,
  );
  d.log(
    ok ? `${why}: deleted the staging dir ${d.stagingDir}` : `${why}: the staging dir stays for the launcher's sweep`,
  );
}

/** On SIGTERM: on the last attempt, deletes the staging dir when the RM says the attempt is over. */
export async function onStopSignal(d: StopDeps, attempt: number, maxAttempts: number): Promise<void> {
  d.log("SIGTERM: the NodeManager is stopping this container");
  if (attempt < maxAttempts) {
    d.log(`SIGTERM on attempt ${attempt} of ${maxAttempts}: a next attempt may need the staging dir; it stays`);
    return;
  }
  if (!(await within(d.attemptGone(STOP_PROBE_MS), STOP_PROBE_MS, false))) {
    d.log("SIGTERM: the RM still knows this attempt (or did not answer in time): the staging dir stays");
    return;
  }
  await removeStaging(d, STOP_DELETE_MS, "SIGTERM after the application ended");
}

/** When this attempt ends without finishing: on the last attempt the application fails, so the dir goes. */
export async function onAttemptFailed(d: StopDeps, attempt: number, maxAttempts: number): Promise<void> {
  if (attempt < maxAttempts) return;
  await removeStaging(d, 10_000, `the last attempt (${attempt} of ${maxAttempts}) failed`);
}
