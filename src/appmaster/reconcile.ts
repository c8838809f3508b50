// Bringing one service's active records to its desired count, in time linear in its records (plus a
// sort of the victims on scale-down): a scale to tens of thousands of instances must not hold the
// AM's event loop, or the RM expires the attempt and the scale is lost (issue 13).
import { instanceId } from "../control/types.js";
import { InstanceRecord } from "./instance.js";
import type { ServiceState } from "./model.js";

/** Adds WAITING records under the lowest free instance indexes (a restart gets its old index back). */
function addWaiting(svc: ServiceState, active: readonly InstanceRecord[], count: number): void {
  const used = new Set(active.map((r) => r.index));
  let index = 0;
  for (let added = 0; added < count; index++) {
    if (used.has(index)) continue;
    svc.records.push(new InstanceRecord(svc.name, index, instanceId(svc.name, index)));
    added++;
  }
}

/**
 * Removes the surplus: waiting first, then requested, then the highest instance indexes, so asks
 * are cancelled before anything running is touched. Records holding a slot move to stopping and
 * are returned; the others held nothing and are dropped.
 */
function trim(svc: ServiceState, active: InstanceRecord[]): InstanceRecord[] {
  const rank = (r: InstanceRecord) => (r.phase === "waiting" ? 0 : r.phase === "requested" ? 1 : 2);
  const victims = active.sort((a, b) => rank(a) - rank(b) || b.index - a.index).slice(0, active.length - svc.desired);
  const dropped = new Set<InstanceRecord>();
  const toStop: InstanceRecord[] = [];
  for (const v of victims) {
    if (v.holdsSlot) {
      v.moveTo("stopping");
      toStop.push(v);
    } else {
      dropped.add(v);
    }
  }
  if (dropped.size) svc.records = svc.records.filter((r) => !dropped.has(r));
  return toStop;
}

/** The records to stop (already moved to stopping) after matching the service to its desired count. */
export function reconcileService(svc: ServiceState): InstanceRecord[] {
  const active = svc.records.filter((r) => r.active);
  if (active.length < svc.desired) addWaiting(svc, active, svc.desired - active.length);
  else if (active.length > svc.desired) return trim(svc, active);
  return [];
}
