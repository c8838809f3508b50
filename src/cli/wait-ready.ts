// After the AM registered: wait until the dask scheduler published its address and the requested
// workers run, showing a live count. Ends early (with a clear error) when the application ends, so
// an unsatisfiable request never hangs the terminal (dask-yarn#146).
import type { ControlClient, StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import type { ResourceManagerClient } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import type { Progress } from "./progress.js";

export interface Readiness {
  readonly ready: boolean;
  readonly report?: StatusReport;
}

/** Ready: every dask service has its desired instances running, and the scheduler address is known. */
export function isReady(s: StatusReport): boolean {
  const hasScheduler = s.services.some((x) => x.name === "dask.scheduler");
  if (hasScheduler && !s.dask?.schedulerAddress) return false;
  return s.services
    .filter((x) => x.name === "dask.scheduler" || x.name === "dask.worker")
    .every((x) => x.counts.RUNNING >= x.desiredInstances);
}

export function workerLine(s: StatusReport): string {
  const w = s.services.find((x) => x.name === "dask.worker");
  const sched = s.dask?.schedulerAddress ? "scheduler up" : "waiting for the scheduler";
  return w ? `${sched}; workers ${w.counts.RUNNING}/${w.desiredInstances} running` : sched;
}

async function failIfEnded(appId: string, rm: ResourceManagerClient): Promise<void> {
  // The AM unregisters a moment before the RM reports the final state: look twice.
  let r = await rm.applicationReport(appId);
  if (!TERMINAL_STATES.includes(r.state)) {
    await new Promise((res) => setTimeout(res, 1500));
    r = await rm.applicationReport(appId);
  }
  if (TERMINAL_STATES.includes(r.state)) {
    throw new TsdaskError(
      "APP_ENDED",
      `${appId} ended ${r.state}/${r.finalStatus} before it was ready${r.diagnostics ? `: ${r.diagnostics.trim()}` : ""}`,
      `See the AM log: ${r.amContainerLogs ?? r.trackingUrl ?? "the RM UI"}.`,
    );
  }
}

export async function waitReady(
  appId: string,
  client: ControlClient,
  rm: ResourceManagerClient,
  progress: Progress,
  options: { deadline: number; signal: AbortSignal },
): Promise<StatusReport> {
  let last = "";
  for (let i = 0; ; i++) {
    if (options.signal.aborted) throw new TsdaskError("SUBMIT_ABORTED", `submit of ${appId} was interrupted`);
    let s: StatusReport;
    try {
      s = await client.status();
    } catch (err) {
      // An AM that stops answering has usually just finished (e.g. a service failed): say why.
      await failIfEnded(appId, rm);
      if (Date.now() > options.deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const line = workerLine(s);
    if (line !== last) {
      progress.live(line);
      last = line;
    }
    if (isReady(s)) {
      progress.done();
      return s;
    }
    // The RM is asked less often: it only tells whether the application ended.
    if (i % 4 === 3) await failIfEnded(appId, rm);
    if (Date.now() > options.deadline) {
      throw new TsdaskError(
        "SUBMIT_TIMEOUT",
        `${appId} was not ready in time (${line})`,
        "The queue may not have room for every container; raise --timeout or ask for fewer workers.",
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
