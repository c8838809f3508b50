// The progress line of a running application, from the AM's status report and the queue's
// capacity: one line per change, e.g. "scheduler 1/1, script 1/1, workers 6/20 running; 14
// waiting: queue default has 0 MiB and 2 vcores free". Pure, so every wording is unit-tested.
import type { StatusReport } from "../control/index.js";
import { freeText, queueIsShort, type QueueCapacity } from "../launcher/index.js";

const LABELS: Readonly<Record<string, string>> = {
  "dask.scheduler": "scheduler",
  "dask.client": "script",
  "dask.worker": "workers",
};

/** Containers asked for and not yet running (WAITING for a dependency, or REQUESTED from YARN). */
export function waitingCount(s: StatusReport): number {
  return s.services.reduce((n, x) => n + x.counts.REQUESTED + x.counts.WAITING, 0);
}

export function statusLine(s: StatusReport, cap: QueueCapacity | undefined): string {
  const parts = s.services
    .filter((x) => x.desiredInstances > 0 || x.counts.RUNNING > 0)
    .map((x) => `${LABELS[x.name] ?? x.name} ${x.counts.RUNNING}/${x.desiredInstances}`);
  const waiting = waitingCount(s);
  const requested = s.services.reduce((n, x) => n + x.counts.REQUESTED, 0);
  let line = `${parts.join(", ") || "no services"} running`;
  if (s.services.some((x) => x.name === "dask.scheduler") && !s.dask?.schedulerAddress) {
    line += "; the dask scheduler has not published its address yet";
  }
  if (waiting > 0) {
    // A REQUESTED container waits for YARN; a WAITING one for its dependency. The queue is named
    // only when it is short (the pending containers together need more than it has free): with room
    // for all of them, the wait is YARN's next node heartbeats, and the AM's reason says so.
    const amReason = s.pending?.[0]?.reason ?? "YARN has not allocated them yet";
    const short = cap !== undefined && queueIsShort(cap, s.pending);
    const why = requested > 0 ? (short ? freeText(cap) : amReason) : "their dependencies";
    line += `; ${waiting} waiting: ${why}`;
  }
  return line;
}
