// The status report the control API serves (and the overview page renders), built from the model.
// Pure, given the AM's own facts (ids, state, memory) from the caller.
import { DASK_KV } from "../control/runtime.js";
import { CLIENT_STARTED_KEY } from "../control/script-exit.js";
import {
  countByState,
  type ApplicationInfo,
  type ContainerInfo,
  type ServiceStatus,
  type StatusReport,
} from "../control/types.js";
import type { AppModel, InstanceRecord } from "./model.js";

/** The NodeManager web UI's log page of a container (what `yarn logs` shows once aggregated). */
export function containerLogUrl(nodeHttpAddress: string, containerId: string, user: string): string {
  return `http://${nodeHttpAddress}/node/containerlogs/${containerId}/${user}`;
}

function containerInfo(r: InstanceRecord, user: string, troubled: ReadonlyMap<string, string>): ContainerInfo {
  const node = r.slot?.nodeId;
  const host = r.slot?.host;
  const nodeHttpAddress = r.slot?.nodeHttpAddress;
  const nodeState = node && r.finishTime === undefined ? troubled.get(node) : undefined;
  return {
    instanceId: r.instanceId,
    state: r.state,
    ...(r.containerId ? { containerId: r.containerId } : {}),
    ...(host ? { host } : {}),
    ...(node ? { nodeId: node } : {}),
    ...(nodeState ? { nodeState } : {}),
    ...(nodeHttpAddress ? { nodeHttpAddress } : {}),
    ...(nodeHttpAddress && r.containerId ? { logUrl: containerLogUrl(nodeHttpAddress, r.containerId, user) } : {}),
    ...(r.exitStatus !== undefined ? { exitStatus: r.exitStatus } : {}),
    ...(r.diagnostics ? { diagnostics: r.diagnostics } : {}),
    ...(r.allocatedTime !== undefined ? { allocatedTime: r.allocatedTime } : {}),
    ...(r.startTime !== undefined ? { startTime: r.startTime } : {}),
    ...(r.finishTime !== undefined ? { finishTime: r.finishTime } : {}),
  };
}

export function statusReport(
  model: AppModel,
  application: ApplicationInfo,
  kv: { get(key: string): string | undefined },
  user: string,
  now: number,
): StatusReport {
  const services: ServiceStatus[] = [...model.services.values()].map((s) => {
    // Active first (by index), then history newest first: what a reader looks for first.
    const records = [...s.records].sort((a, b) => {
      const done = (r: InstanceRecord) => (r.finishTime !== undefined ? 1 : 0);
      return done(a) - done(b) || (done(a) ? (b.finishTime ?? 0) - (a.finishTime ?? 0) : a.index - b.index);
    });
    const containers = records.map((r) => containerInfo(r, user, model.troubledNodes));
    return {
      name: s.name,
      desiredInstances: s.desired,
      counts: countByState(containers),
      restartsUsed: s.restartsUsed,
      maxRestarts: s.spec.restarts,
      containers,
    };
  });
  const schedulerAddress = kv.get(DASK_KV.scheduler);
  const dashboardUrl = kv.get(DASK_KV.dashboard);
  const scriptStarted = kv.get(CLIENT_STARTED_KEY) !== undefined;
  const dask =
    schedulerAddress || dashboardUrl || scriptStarted
      ? {
          ...(schedulerAddress ? { schedulerAddress } : {}),
          ...(dashboardUrl ? { dashboardUrl } : {}),
          ...(scriptStarted ? { scriptStarted } : {}),
        }
      : undefined;
  return { application, services, ...(dask ? { dask } : {}), generatedAt: now };
}
