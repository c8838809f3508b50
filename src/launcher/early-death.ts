// Why an AM died before it registered, read where YARN keeps it: the failed attempt's
// appmaster.stderr from its NodeManager's web services while the application lives (the NM keeps a
// finished container's logs until the application ends), else from the aggregated logs once it
// ended. The known runtime failures get their own codes (runtime/early-death.ts); others show the
// stderr's last lines.
import type { ApplicationReport } from "../yarn-rest/index.js";
import type { ClusterOptions, ClusterSession } from "./cluster.js";
import { aggregatedContainerLogs } from "./logs/aggregated-logs.js";
import { readLogFile } from "./logs/container-logs.js";
import { LauncherError } from "./errors.js";
import { sleep } from "./registration.js";
import { classifyEarlyDeath, lastLines } from "./runtime/early-death.js";

const STDERR = "appmaster.stderr";
/** Enough of stderr for the loader's message and a stack trace's end. */
const TAIL_BYTES = 16 * 1024;
/** How long the aggregated logs are waited for after the application ended. */
const AGGREGATION_WAIT_MS = 20_000;

export interface FailedAttempt {
  readonly attemptId: string;
  readonly containerId: string;
  readonly node: string;
}

/** Attempts that ended without registering, not yet seen (ids in `seen`). */
export async function failedAttempts(
  session: Pick<ClusterSession, "rm">,
  appId: string,
  seen: Set<string>,
): Promise<FailedAttempt[]> {
  const attempts = await session.rm.applicationAttempts(appId).catch(() => []);
  const out: FailedAttempt[] = [];
  for (const a of attempts) {
    const ended = a.finishedTime > 0 || ["FAILED", "KILLED", "FINISHED"].includes(a.state);
    if (!ended || !a.containerId || seen.has(a.appAttemptId)) continue;
    seen.add(a.appAttemptId);
    out.push({ attemptId: a.appAttemptId, containerId: a.containerId, node: a.nodeHttpAddress });
  }
  return out;
}

async function textOf(data: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of data) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString("utf8");
}

/** The stderr of the AM container: from its NodeManager, or aggregated (bounded wait). */
export async function amStderr(
  session: Pick<ClusterSession, "nodeAccess">,
  appId: string,
  attempt: FailedAttempt,
  aggregated: ClusterOptions | undefined,
): Promise<string | undefined> {
  if (attempt.node) {
    const fromNm = await readLogFile(
      { node: attempt.node, containerId: attempt.containerId },
      session.nodeAccess,
      STDERR,
      TAIL_BYTES,
    )
      .then((b) => Buffer.from(b.bytes).toString("utf8"))
      .catch(() => undefined);
    if (fromNm !== undefined) return fromNm;
  }
  if (!aggregated) return undefined;
  const deadline = Date.now() + AGGREGATION_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      for await (const f of aggregatedContainerLogs(appId, {
        ...aggregated,
        containers: [attempt.containerId],
        files: [STDERR],
      })) {
        return await textOf(f.data);
      }
      return undefined;
    } catch {
      await sleep(1000); // not aggregated yet
    }
  }
  return undefined;
}

/**
 * The error for an AM that died before registering. `final`: the application ended (else an
 * attempt failed and the RM may retry: only a runtime failure, which a retry repeats, is final).
 */
export function earlyDeathError(
  appId: string,
  stderr: string | undefined,
  report: ApplicationReport,
  final: boolean,
): LauncherError | undefined {
  const known = stderr !== undefined ? classifyEarlyDeath(stderr, appId) : undefined;
  if (known) return new LauncherError(known.code, known.message, known.hint);
  if (!final) return undefined;
  const tail = stderr?.trim() ? `\n--- last lines of ${STDERR} ---\n${lastLines(stderr)}` : "";
  return new LauncherError(
    "AM_ENDED_BEFORE_REGISTRATION",
    `${appId} ended ${report.state}/${report.finalStatus} before its ApplicationMaster registered` +
      (report.diagnostics ? `: ${report.diagnostics.trim()}` : "") +
      tail,
    `Read the AM's logs with 'tsdask-yarn logs ${appId}' (${STDERR}) or from ${report.amContainerLogs ?? report.trackingUrl ?? "the RM UI"}.`,
  );
}
