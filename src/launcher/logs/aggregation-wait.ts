// An application that has just ended has its logs still on the way to HDFS: the NodeManagers
// upload them a few seconds later and report it to the RM (logAggregationStatus NOT_START →
// RUNNING → SUCCEEDED / FAILED / TIME_OUT). `logs` right after `submit --wait` would otherwise
// fail with "still aggregating, retry shortly"; it waits here instead, for a bounded time, saying
// what it waits for. A cluster that does not aggregate (DISABLED) or an application the RM has
// forgotten is not waited for: the reader then says what it finds.
import { type ClusterOptions, openCluster } from "../cluster.js";

/** The RM's statuses while NodeManagers are still writing an application's logs. */
export const AGGREGATING = new Set(["NOT_START", "RUNNING"]);
/** How long `logs` waits by default: YARN's own aggregation of a small app takes seconds. */
export const AGGREGATION_WAIT_MS = 60_000;

export interface AggregationWaitOptions extends ClusterOptions {
  readonly timeoutMs?: number;
  /** Told once, when there is something to wait for (the CLI writes it to stderr). */
  readonly onWait?: (line: string) => void;
  readonly pollMs?: number;
}

/** Waits until the RM no longer says the application's logs are being aggregated, or the bound passes. */
export async function waitForLogAggregation(appId: string, options: AggregationWaitOptions = {}): Promise<string> {
  const session = await openCluster(options);
  const timeoutMs = options.timeoutMs ?? AGGREGATION_WAIT_MS;
  const end = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const report = await session.rm.applicationReport(appId).catch(() => undefined);
    const status = report?.logAggregationStatus ?? "UNKNOWN";
    if (!AGGREGATING.has(status) || Date.now() >= end) return status;
    if (!told) {
      options.onWait?.(
        `waiting up to ${Math.round(timeoutMs / 1000)} s for the NodeManagers to finish aggregating the logs of ${appId} (the ResourceManager says ${status})`,
      );
      told = true;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
