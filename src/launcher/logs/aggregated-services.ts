// Which service each container of a finished application ran. The AM's status is gone with it
// and so is the staging dir, but the AM's own aggregated log (appmaster.stdout) records every
// launch: "started dask.worker_0 in container_… on host" (and "adopted …" after a restart).
// The AM containers are the ones that have appmaster.stdout, one per attempt.
import { aggregatedContainerLogs, type AggregatedLogsOptions } from "./aggregated-logs.js";
import { AM_SERVICE } from "./container-logs.js";

export const AM_LOG_FILE = "appmaster.stdout";

export interface ContainerRole {
  readonly service: string;
  readonly instanceId: string;
}

const LAUNCH_LINE = /\b(?:started|adopted) (\S+) in (container_[\w]+)/g;

/** container id → instance (e.g. dask.worker_1), from the text of an AM log. */
export function launchesFromAmLog(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, instance, container] of text.matchAll(LAUNCH_LINE))
    if (instance && container) out.set(container, instance);
  return out;
}

/** dask.worker_1 → dask.worker */
export const serviceOfInstance = (instanceId: string): string => instanceId.replace(/_\d+$/, "");

/** The role of every container the AM logs mention, and of the AM containers themselves. */
export async function containerRoles(
  appId: string,
  options: Omit<AggregatedLogsOptions, "containers" | "files"> = {},
): Promise<Map<string, ContainerRole>> {
  const roles = new Map<string, ContainerRole>();
  for await (const log of aggregatedContainerLogs(appId, { ...options, files: [AM_LOG_FILE] })) {
    roles.set(log.containerId, { service: AM_SERVICE, instanceId: AM_SERVICE });
    const parts: Uint8Array[] = [];
    for await (const c of log.data) parts.push(c);
    for (const [containerId, instanceId] of launchesFromAmLog(Buffer.concat(parts).toString("utf8")))
      if (!roles.has(containerId)) roles.set(containerId, { service: serviceOfInstance(instanceId), instanceId });
  }
  return roles;
}
