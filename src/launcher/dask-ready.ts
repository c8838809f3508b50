// Waiting for a dask cluster on YARN to be usable: the scheduler published its address and (when
// asked) N workers run. The wait ends with an error as soon as the application ends, so an
// unsatisfiable request or a crashed scheduler never hangs the caller (dask-yarn#146: its
// wait_for_workers hung forever on an application YARN had already failed).
import type { ControlClient, StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import type { ResourceManagerClient } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";

export const WORKER_SERVICE = "dask.worker";
export const SCHEDULER_SERVICE = "dask.scheduler";

/** Running dask worker containers in a status report. */
export function runningWorkers(s: StatusReport): number {
  return s.services.find((x) => x.name === WORKER_SERVICE)?.counts.RUNNING ?? 0;
}

/**
 * dask workers a client can use: those registered with the scheduler, as the AM last saw them;
 * 0 until the AM has asked the scheduler (a RUNNING container may not have connected yet).
 */
export function registeredWorkers(s: StatusReport): number {
  return s.dask?.workers ?? 0;
}

/**
 * The scheduler is known and at least `workers` dask workers registered with it (undefined: the
 * desired count). An application of generic services only has no scheduler to wait for: it is
 * ready as it is.
 */
export function daskReady(s: StatusReport, workers?: number): boolean {
  const hasScheduler = s.services.some((x) => x.name === SCHEDULER_SERVICE);
  if (hasScheduler && !s.dask?.schedulerAddress) return false;
  const w = s.services.find((x) => x.name === WORKER_SERVICE);
  const want = workers ?? w?.desiredInstances ?? 0;
  if (want === 0) return true;
  return (hasScheduler ? registeredWorkers(s) : runningWorkers(s)) >= want;
}

export interface WaitDaskOptions {
  /** Workers that must run; undefined = the service's desired count; 0 = the scheduler alone. */
  readonly workers?: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly intervalMs?: number;
  /** Called with every report from the AM (e.g. to show a live worker count). */
  readonly onStatus?: (s: StatusReport) => void;
}

/** Where the application's state comes from: the RM, or a local application's directory. */
export type ReportSource = Pick<ResourceManagerClient, "applicationReport">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Throws APP_ENDED when YARN says the application is over (looked at twice: see below). */
export async function failIfEnded(rm: ReportSource, appId: string): Promise<void> {
  // The AM unregisters a moment before the RM reports the final state.
  let r = await rm.applicationReport(appId);
  if (!TERMINAL_STATES.includes(r.state)) {
    await sleep(1000);
    r = await rm.applicationReport(appId);
  }
  if (TERMINAL_STATES.includes(r.state)) {
    throw new TsdaskError(
      "APP_ENDED",
      `${appId} ended ${r.state}/${r.finalStatus}${r.diagnostics ? `: ${r.diagnostics.trim()}` : ""}`,
      `See the AM log: ${r.amContainerLogs ?? r.trackingUrl ?? "the RM UI"}.`,
    );
  }
}

/** Polls the AM until daskReady; returns the report that was ready. */
export async function waitForDask(
  appId: string,
  client: ControlClient,
  rm: ReportSource,
  options: WaitDaskOptions,
): Promise<StatusReport> {
  const deadline = Date.now() + options.timeoutMs;
  let last: StatusReport | undefined;
  for (let i = 0; ; i++) {
    if (options.signal?.aborted) throw new TsdaskError("ABORTED", `waiting for ${appId} was aborted`);
    try {
      last = await client.status();
      options.onStatus?.(last);
      if (daskReady(last, options.workers)) return last;
      // The RM is asked less often: it only tells whether the application ended.
      if (i % 4 === 3) await failIfEnded(rm, appId);
    } catch (err) {
      if (err instanceof TsdaskError && err.code === "APP_ENDED") throw err;
      // An AM that stops answering has usually just finished: say why rather than time out.
      await failIfEnded(rm, appId);
    }
    if (Date.now() > deadline) {
      const have = last
        ? `scheduler ${last.dask?.schedulerAddress ? "up" : "not up"}, ${runningWorkers(last)} worker containers running, ` +
          `${registeredWorkers(last)} registered with the scheduler`
        : "no status from the ApplicationMaster";
      throw new TsdaskError(
        "CLUSTER_NOT_READY",
        `${appId} was not ready within ${Math.round(options.timeoutMs / 1000)} s (${have})`,
        "The queue may not have room for every container: ask for fewer or smaller workers, or wait longer.",
      );
    }
    await sleep(options.intervalMs ?? 500);
  }
}
