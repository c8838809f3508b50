// `submit --wait`: follows the application to its end. Every second it asks the RM whether the
// application ended and the AM how its containers stand, prints a progress line when that changes
// (and every minute when it does not, so a CI log never goes silent), streams the script's output
// (see launcher/logs/stream-service.ts) and, at the end, works out the exit code: the script's own when
// it ran, else the fixed codes of exit.ts. Bounded by --timeout and by LOST_CONNECTION_MS of an
// unreachable RM; the caller kills and cleans up on any error thrown here.
import type { StatusReport } from "../control/index.js";
import { scriptExitCodeOf } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import {
  queueCapacity,
  streamService,
  TERMINAL_STATES,
  type ApplicationReport,
  type ClusterClients,
  type NodeAccess,
  type QueueCapacity,
  type RunningApplication,
  type TailSource,
} from "../launcher/index.js";
import { statusLine, waitingCount } from "./batch-status.js";
import type { CiMarkers } from "./ci-markers.js";
import { LOST_CONNECTION_MS, type BatchEnd } from "./exit.js";
import type { Progress } from "./progress.js";

export interface BatchWaitOptions {
  /** The user the NodeManagers are asked as (for the logs). */
  readonly user: NodeAccess;
  readonly queue: string;
  /** The service or instance whose stdout/stderr to stream; undefined: none. */
  readonly stream?: string;
  /** Where the streamed stdout goes (stderr with --json, which keeps stdout for the JSON). */
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Epoch ms of --timeout, or Infinity. */
  readonly deadline: number;
  readonly signal: AbortSignal;
  readonly progress: Progress;
  readonly ci: CiMarkers;
  /** The rest of the output after the end, from the aggregated logs. */
  readonly tail?: TailSource;
  readonly intervalMs?: number;
  /** A "still waiting" line after this long without a change (default one minute). */
  readonly noteEveryMs?: number;
  readonly lostConnectionMs?: number;
}

export interface BatchResult extends BatchEnd {
  readonly report: ApplicationReport;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export async function waitForBatch(
  app: RunningApplication,
  /** The RM client of a session acting as the user who submitted (with ACLs the RM hides AM fields from others). */
  rm: ClusterClients["rm"],
  o: BatchWaitOptions,
): Promise<BatchResult> {
  const begun = Date.now();
  let status: StatusReport | undefined;
  let ended = false;
  let started = false;
  let cap: QueueCapacity | undefined;
  let capAt = 0;
  let line = "";
  let lineAt = begun;
  let rmOkAt = begun;
  let rmTrouble = false;

  const streaming = o.stream
    ? (async () => {
        for await (const l of streamService({
          user: o.user,
          instance: o.stream!,
          status: () => status,
          ended: () => ended,
          signal: o.signal,
          ...(o.tail ? { tail: o.tail } : {}),
        })) {
          (l.file === "stderr" ? o.err : o.out)(l.text);
        }
      })().catch((err: unknown) => {
        // The output is a convenience: the application's end and exit code matter more.
        o.progress.line(
          `warning: stopped streaming ${o.stream}'s output (${(err as Error).message}); ` +
            `read it with 'tsdask-yarn logs ${app.appId}'`,
        );
      })
    : Promise.resolve();

  try {
    for (;;) {
      if (o.signal.aborted) throw new TsdaskError("SUBMIT_ABORTED", `waiting for ${app.appId} was interrupted`);
      let report: ApplicationReport | undefined;
      try {
        report = await rm.applicationReport(app.appId);
        rmOkAt = Date.now();
        rmTrouble = false;
      } catch (err) {
        if (!(err instanceof TsdaskError && err.code === "RM_UNREACHABLE")) throw err;
        if (!rmTrouble) o.progress.line(`cannot reach the ResourceManager (${err.message}); retrying`);
        rmTrouble = true;
        if (Date.now() - rmOkAt > (o.lostConnectionMs ?? LOST_CONNECTION_MS)) {
          throw new TsdaskError(
            "CONNECTION_LOST",
            `lost the connection to the ResourceManager for ${seconds(Date.now() - rmOkAt)}: ${err.message}`,
            `${app.appId} may still be running: see 'tsdask-yarn status ${app.appId}' once the RM answers again.`,
          );
        }
      }
      if (report && TERMINAL_STATES.includes(report.state)) {
        ended = true;
        await streaming;
        o.ci.end();
        const scriptExitCode = scriptExitCodeOf(report.diagnostics);
        return {
          report,
          state: report.state,
          finalStatus: report.finalStatus,
          diagnostics: report.diagnostics.trim(),
          scriptStarted: started || scriptExitCode !== undefined,
          ...(scriptExitCode !== undefined ? { scriptExitCode } : {}),
        };
      }
      status = (await app.client.status().catch(() => undefined)) ?? status;
      if (status?.dask?.scriptStarted && !started) {
        started = true;
        o.ci.end(); // the setup folds away; the script's output stands in the open
        o.progress.line("the script started");
      }
      if (status && waitingCount(status) > 0 && Date.now() - capAt > 5000) {
        cap = await queueCapacity(rm, o.queue);
        capAt = Date.now();
      }
      const next = status ? statusLine(status, cap) : `waiting for the ApplicationMaster (${report?.state ?? "?"})`;
      if (next !== line) {
        o.progress.line(next);
        line = next;
        lineAt = Date.now();
      } else if (Date.now() - lineAt >= (o.noteEveryMs ?? 60_000)) {
        o.progress.line(`still waiting for ${app.appId} to end after ${seconds(Date.now() - begun)}: ${line}`);
        lineAt = Date.now();
      }
      if (Date.now() > o.deadline) {
        throw new TsdaskError(
          "SUBMIT_TIMEOUT",
          `${app.appId} did not end within the --timeout; the script ${started ? "had started" : "never started"} (${line})`,
          "It is killed now; raise --timeout if the job needs longer" +
            (started ? "." : ", or give it a queue with room for its containers."),
        );
      }
      await sleep(o.intervalMs ?? 1000, o.signal);
    }
  } finally {
    ended = true;
    await streaming.catch(() => undefined);
  }
}
