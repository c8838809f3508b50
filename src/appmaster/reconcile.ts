// Bringing one service's active records to its desired count, in time linear in its records (plus a
// sort of the victims on scale-down): a scale to tens of thousands of instances must not hold the
// AM's event loop, or the RM expires the attempt and the scale is lost (issue 13).
import { instanceId, type ContainerState } from "../control/types.js";
import type { InstanceRecord, ServiceState } from "./model.js";

const ACTIVE: ReadonlySet<ContainerState> = new Set(["WAITING", "REQUESTED", "RUNNING"]);
export const isLive = (r: InstanceRecord): boolean => ACTIVE.has(r.state);
export const isActive = (r: InstanceRecord): boolean => ACTIVE.has(r.state) && !r.stopping;

/** Adds WAITING records under the lowest free instance indexes (a restart gets its old index back). */
function addWaiting(svc: ServiceState, active: readonly InstanceRecord[], count: number): void {
  const used = new Set(active.map((r) => r.index));
  let index = 0;
  for (let added = 0; added < count; index++) {
    if (used.has(index)) continue;
    svc.records.push({ service: svc.name, index, instanceId: instanceId(svc.name, index), state: "WAITING" });
    added++;
  }
}

/**
 * Removes the surplus: WAITING first, then unallocated REQUESTED, then the highest instance indexes,
 * so asks are cancelled before anything running is touched. Records with a container are marked
 * `stopping` and returned; the others are dropped.
 */
function trim(svc: ServiceState, active: InstanceRecord[]): InstanceRecord[] {
  const rank = (r: InstanceRecord) => (r.state === "WAITING" ? 0 : r.state === "REQUESTED" && !r.container ? 1 : 2);
  const victims = active.sort((a, b) => rank(a) - rank(b) || b.index - a.index).slice(0, active.length - svc.desired);
  const dropped = new Set<InstanceRecord>();
  const toStop: InstanceRecord[] = [];
  for (const v of victims) {
    if (v.container) {
      v.stopping = true;
      toStop.push(v);
    } else {
      dropped.add(v);
    }
  }
  if (dropped.size) svc.records = svc.records.filter((r) => !dropped.has(r));
  return toStop;
}

/** The records to stop (already marked `stopping`) after matching the service to its desired count. */
export function reconcileService(svc: ServiceState): InstanceRecord[] {
  const active = svc.records.filter(isActive);
  if (active.length < svc.desired) addWaiting(svc, active, svc.desired - active.length);
  else if (active.length > svc.desired) return trim(svc, active);
  return [];
}
