// An application's report while the ResourceManager restarts or fails over. During recovery the
// RM's REST API first refuses connections, then answers 404 ("app with id … not found") for
// applications it has not yet read back from its state store, while /ws/v1/cluster/info says
// haState INITIALIZING (measured on 3.4.2: about 35 s from restart to the app's report). A command
// run then must not tell the user to "check the application id": it retries with a bounded
// backoff, says once that the RM is recovering, and gives the 404 hint only when the RM is ACTIVE
// and still does not know the application.
import { TsdaskError } from "../errors.js";
import type { ApplicationReport, ResourceManagerClient } from "../yarn-rest/index.js";
import type { ClusterOptions } from "./cluster.js";
import { LauncherError } from "./errors.js";
import { sleep } from "./registration.js";

export const DEFAULT_RM_RECOVERY_WAIT_MS = 120_000;

export interface RecoveryContext extends Pick<ClusterOptions, "rmRecoveryWaitMs" | "onNotice"> {
  /**
   * True when the application's staging directory exists: it was submitted and has not ended,
   * so an RM that refuses connections is restarting, not wrongly addressed.
   */
  readonly stagingExists?: () => Promise<boolean>;
  /** What stagingExists checks, for the messages (default: the application's staging directory). */
  readonly stagingWhat?: string;
  /** What is still missing when the wait gives up (default: "<appId> is not reported yet"). */
  readonly pending?: string;
  readonly signal?: AbortSignal;
}

/** HadoopHttp's reason for an endpoint that took the connection but sent no answer in time. */
const FROZEN = /no answer within \d+ ms/;
const NOT_ANSWERING = "it accepts connections but does not answer";

/** Why the failed call is worth retrying, or undefined when its error is the answer. */
async function transientReason(
  rm: ResourceManagerClient,
  err: unknown,
  ctx: RecoveryContext,
): Promise<string | undefined> {
  if (!(err instanceof TsdaskError)) return undefined;
  if (err.code === "RM_UNREACHABLE") {
    const known = await ctx.stagingExists?.().catch(() => false);
    if (!known) return undefined;
    // A frozen RM (a GC pause, SIGSTOP, an overloaded host) takes the connection and never answers:
    // the request times out. That is not a refusal, and the user's next step differs.
    const how = FROZEN.test(err.message) ? NOT_ANSWERING : "it refuses connections";
    return `${how} while ${ctx.stagingWhat ?? "the application's staging directory"} exists`;
  }
  // rmResponseError puts the status in the message; 503 without "standby" is an RM not yet active.
  if (err.code === "YARN_HTTP_ERROR" && /\bHTTP 503\b/.test(err.message)) return "it answers HTTP 503";
  if (err.code !== "YARN_NOT_FOUND") return undefined;
  const info = await rm.clusterInfo().catch(() => undefined);
  if (!info) return "it answers 404 and no cluster info";
  return info.haState !== "ACTIVE" ? `it answers 404 in HA state ${info.haState}` : undefined;
}

/** `call` (an RM request about `appId`), retried while the RM recovers; bounded by rmRecoveryWaitMs. */
export async function whileRmRecovers<T>(
  rm: ResourceManagerClient,
  appId: string,
  call: () => Promise<T>,
  ctx: RecoveryContext = {},
): Promise<T> {
  const limit = ctx.rmRecoveryWaitMs ?? DEFAULT_RM_RECOVERY_WAIT_MS;
  const started = Date.now();
  let delay = 500;
  let told = false;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const reason = await transientReason(rm, err, ctx);
      if (!reason || ctx.signal?.aborted) throw err;
      const waited = Date.now() - started;
      const state = reason.startsWith(NOT_ANSWERING) ? "not answering" : "recovering";
      if (waited >= limit) {
        throw new LauncherError(
          "RM_RECOVERING",
          `the ResourceManager was still ${state} after ${Math.round(waited / 1000)} s (${reason}); ${ctx.pending ?? `${appId} is not reported yet`}`,
          "Wait until it is active again ('yarn rmadmin -getServiceState', the RM web UI), then run the command again.",
          { cause: err },
        );
      }
      if (!told) {
        ctx.onNotice?.(
          `the ResourceManager is ${state} (${reason}); retrying for up to ${Math.round(limit / 1000)} s…`,
        );
        told = true;
      }
      await sleep(Math.min(delay, limit - waited), ctx.signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** The application report, waiting out an RM restart (see whileRmRecovers). */
export function reportWhileRmRecovers(
  rm: ResourceManagerClient,
  appId: string,
  ctx: RecoveryContext = {},
): Promise<ApplicationReport> {
  return whileRmRecovers(rm, appId, () => rm.applicationReport(appId), ctx);
}
