// The AM's picture of the application: per service a desired count and instance records, each one
// instance's life in one slot (phases in instance.ts). Pure: no I/O, no timers, no backend types
// beyond the opaque Slot. The AM core feeds it events and acts on what it answers, so every rule
// here (which instance to ask for, which to stop, when a service or the application has failed) is
// unit-tested without a cluster.
import { instanceId } from "../control/types.js";
import type { ApplicationSpec, ServiceSpec } from "../spec/types.js";
import type { Slot } from "./backend.js";
import { describeExit, isFreeRestart, type Completion, type LossCause } from "./exit-status.js";
import { InstanceRecord } from "./instance.js";
import { reconcileService } from "./reconcile.js";
import { priorityOrder } from "./wants.js";

export { InstanceRecord } from "./instance.js";
export { priorityOrder } from "./wants.js";

export interface ServiceState {
  readonly name: string;
  readonly spec: ServiceSpec;
  /** Lower is served first by the backend (YARN: the ask's priority). */
  readonly rank: number;
  desired: number;
  restartsUsed: number;
  /** A container of this service has run: its dependents may be requested from then on. */
  everRunning: boolean;
  /** Set when the service ran out of restarts: the reason of its last failure. */
  failure?: string;
  records: InstanceRecord[];
  /** Containers lost to the cluster (memory kills, preemption, lost nodes), for the final diagnostics. */
  readonly losses: Record<LossCause, number>;
}

/** What one completion did, for logs and for the AM to decide on ending the application. */
export interface CompletionEvent {
  readonly record: InstanceRecord;
  /** The AM had asked for it to stop (scale-down, shutdown): KILLED, never restarted. */
  readonly stopped: boolean;
  readonly completion: Completion;
  readonly restarted: boolean;
}

/** Completed records kept per service for the status report; older ones are dropped. */
export const HISTORY_PER_SERVICE = 50;

export class AppModel {
  readonly services = new Map<string, ServiceState>();
  private readonly bySlot = new Map<string, InstanceRecord>();
  /**
   * Per service, its requested records by descending index (pop = lowest), built once per sync
   * instead of once per slot. Dropped whenever records change.
   */
  private readonly unassigned = new Map<ServiceState, InstanceRecord[]>();
  /** Nodes the backend reported in another state than RUNNING, with that state. */
  readonly troubledNodes = new Map<string, string>();
  /** Completed records per service since the last history trim (trimming is batched). */
  private readonly finished = new Map<ServiceState, number>();

  constructor(readonly spec: ApplicationSpec) {
    const ranks = priorityOrder(spec);
    for (const [name, s] of Object.entries(spec.services)) {
      this.services.set(name, {
        name,
        spec: s,
        rank: ranks.get(name) ?? 0,
        desired: s.instances,
        restartsUsed: 0,
        everRunning: false,
        records: [],
        losses: { memory: 0, preempted: 0, node: 0 },
      });
    }
  }

  service(name: string): ServiceState {
    const s = this.services.get(name);
    if (!s) throw new Error(`no service '${name}'`);
    return s;
  }

  recordOf(slotId: string): InstanceRecord | undefined {
    return this.bySlot.get(slotId);
  }

  /** Dependencies have run (or will never run: desired 0 and nothing active). */
  dependenciesMet(svc: ServiceState): boolean {
    return svc.spec.depends.every((d) => {
      const dep = this.service(d);
      return dep.everRunning || (dep.desired === 0 && !dep.records.some((r) => r.active));
    });
  }

  /**
   * Brings every service's active records to its desired count and moves waiting records whose
   * dependencies are met to requested. Returns the records to stop, already moved to stopping.
   * Scale-down takes waiting first, then requested, then the highest instance indexes: asks are
   * cancelled before anything running is touched.
   */
  reconcile(): InstanceRecord[] {
    const toStop: InstanceRecord[] = [];
    this.unassigned.clear();
    for (const svc of this.services.values()) {
      if (svc.failure) svc.desired = 0;
      for (const r of reconcileService(svc)) toStop.push(r);
      if (this.dependenciesMet(svc)) {
        for (const r of svc.records) if (r.phase === "waiting") r.moveTo("requested");
      }
    }
    return toStop;
  }

  /** Requested records still waiting for a slot: the service's absolute want. */
  outstanding(svc: ServiceState): number {
    return svc.records.filter((r) => r.phase === "requested").length;
  }

  /**
   * Gives an allocated slot to the lowest requested record of the service it was asked for.
   * Matching is by memory only: clusters with the DefaultResourceCalculator report vcores=1
   * whatever was asked (dask/dask-yarn#48). Returns undefined when the slot is surplus (asks
   * already cancelled) or too small, and must be released.
   */
  assign(slot: Slot, now = Date.now()): InstanceRecord | undefined {
    const svc = slot.service === undefined ? undefined : this.services.get(slot.service);
    if (!svc || slot.resource.memoryMiB < svc.spec.memoryMiB) return undefined;
    let queue = this.unassigned.get(svc);
    if (!queue) {
      queue = svc.records.filter((r) => r.phase === "requested").sort((a, b) => b.index - a.index);
      this.unassigned.set(svc, queue);
    }
    let rec = queue.pop();
    while (rec && rec.phase !== "requested") rec = queue.pop();
    if (!rec) return undefined;
    rec.moveTo("allocated");
    rec.slot = slot;
    rec.allocatedTime = now;
    this.bySlot.set(slot.id, rec);
    return rec;
  }

  /** The AM calls the backend's start() for this record now. */
  launching(rec: InstanceRecord): void {
    rec.moveTo("launching");
  }

  /**
   * start() succeeded. A record the AM began stopping meanwhile stays stopping (it did start), and
   * one whose slot already completed stays done.
   */
  started(rec: InstanceRecord, now: number): void {
    if (rec.phase === "done") return;
    if (rec.phase !== "stopping") rec.moveTo("running");
    rec.startTime = now;
    this.service(rec.service).everRunning = true;
  }

  /**
   * A slot completed (or could not be started: exitStatus INVALID). Applies the restart policy: a
   * FAILED completion uses one restart (unless restarts is -1); KILLED (preemption, node loss) is
   * replaced for free; SUCCEEDED lowers the desired count (its work is done). A service out of
   * restarts gets `failure` set; reconcile() then stops asking for it.
   */
  completed(slotId: string, exitStatus: number, diagnostics: string, now: number): CompletionEvent | undefined {
    const rec = this.bySlot.get(slotId);
    if (!rec || !rec.live) return undefined;
    const svc = this.service(rec.service);
    const stopped = rec.phase === "stopping";
    const completion: Completion = stopped
      ? { state: "KILLED", reason: "stopped by the ApplicationMaster" }
      : describeExit(exitStatus, diagnostics, svc.spec.memoryMiB);
    rec.result = completion.state;
    rec.exitStatus = exitStatus;
    rec.diagnostics = completion.reason;
    rec.finishTime = now;
    rec.moveTo("done");
    const restarted = stopped ? false : applyRestartPolicy(svc, rec, completion);
    this.trimHistory(svc);
    return { record: rec, stopped, completion, restarted };
  }

  /** A node's new state from the backend; RUNNING (again) clears the mark. */
  nodeUpdated(nodeId: string, state: string): void {
    if (state === "RUNNING" || state === "NEW") this.troubledNodes.delete(nodeId);
    else this.troubledNodes.set(nodeId, state);
  }

  /** Adopts a slot from a previous attempt (recovery) as a running record. */
  adopt(svcName: string, index: number, slot: Slot, startTime: number): void {
    const svc = this.service(svcName);
    const rec = new InstanceRecord(svcName, index, instanceId(svcName, index), "running");
    rec.slot = slot;
    rec.startTime = startTime;
    svc.records.push(rec);
    svc.everRunning = true;
    this.bySlot.set(slot.id, rec);
    this.unassigned.delete(svc);
  }

  /** Records holding a slot (allocated, launching, running, stopping): what shutdown must stop. */
  holdingSlots(): InstanceRecord[] {
    return [...this.services.values()].flatMap((s) => s.records.filter((r) => r.holdsSlot));
  }

  /** Nothing active or pending anywhere: the application has run its course. */
  allDone(): boolean {
    return [...this.services.values()].every((s) => s.desired === 0 && !s.records.some((r) => r.live));
  }

  /**
   * Keeps the newest HISTORY_PER_SERVICE completed records. Trims in one pass once there are more
   * completed records than twice that and than live ones: a pass over all records then follows at
   * least as many completions, so a burst (a lost node, a big scale-down) stays linear.
   */
  private trimHistory(svc: ServiceState): void {
    const finished = (this.finished.get(svc) ?? 0) + 1;
    this.finished.set(svc, finished);
    if (finished <= 2 * HISTORY_PER_SERVICE || finished <= svc.records.length - finished) return;
    const done = svc.records.filter((r) => !r.live);
    const old = new Set(done.slice(0, Math.max(0, done.length - HISTORY_PER_SERVICE)));
    svc.records = svc.records.filter((r) => !old.has(r));
    for (const r of old) if (r.containerId) this.bySlot.delete(r.containerId);
    this.finished.set(svc, done.length - old.size);
  }
}

/** A completion the AM did not ask for: counts the loss, decides on a restart (true = replace). */
function applyRestartPolicy(svc: ServiceState, rec: InstanceRecord, completion: Completion): boolean {
  if (completion.cause) svc.losses[completion.cause]++;
  if (completion.state === "SUCCEEDED") {
    svc.desired = Math.max(0, svc.desired - 1);
    return false;
  }
  if (isFreeRestart(completion)) return true;
  if (svc.spec.restarts === -1 || svc.restartsUsed < svc.spec.restarts) {
    svc.restartsUsed++;
    return true;
  }
  svc.desired = Math.max(0, svc.desired - 1);
  if (!svc.spec.allowFailures) svc.failure = `${rec.instanceId} ${completion.reason}`;
  return false;
}
