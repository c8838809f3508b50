// The AM's picture of the application: per service a desired count and instance records, each one
// container's life (WAITING → REQUESTED → RUNNING → SUCCEEDED | FAILED | KILLED). Pure: no RPC, no
// timers. The allocator and launcher feed it events and act on what it answers, so every rule here
// (which instance to ask for, which to stop, when a service or the application has failed) is
// unit-tested without a cluster.
import type { Container } from "../hadoop-rpc/index.js";
import { instanceId, type ContainerState } from "../control/types.js";
import type { ApplicationSpec, ServiceSpec } from "../spec/types.js";
import { describeExit, type Completion, type LossCause } from "./exit-status.js";
import { isActive, isLive, reconcileService } from "./reconcile.js";

export { isActive } from "./reconcile.js";

export interface InstanceRecord {
  readonly service: string;
  /** Stable across restarts: a restarted instance gets the lowest free index, i.e. the one it had. */
  readonly index: number;
  readonly instanceId: string;
  state: ContainerState;
  /** Set once the RM allocated a container for this record. */
  container?: Container;
  containerId?: string;
  host?: string;
  nodeHttpAddress?: string;
  /** Allocated, startContainers not answered yet (still REQUESTED to the outside). */
  launching?: boolean;
  /** The AM is stopping it (scale-down, shutdown): its completion is KILLED and never restarted. */
  stopping?: boolean;
  exitStatus?: number;
  diagnostics?: string;
  /** When the AM got the container in an allocate response (not journaled: a measure, not state). */
  allocatedTime?: number;
  startTime?: number;
  finishTime?: number;
}

export interface ServiceState {
  readonly name: string;
  readonly spec: ServiceSpec;
  /** One priority per service (lower = served first): allocations are matched back by it. */
  readonly priority: number;
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
  readonly completion: Completion;
  readonly restarted: boolean;
}

/** Completed records kept per service for the status report; older ones are dropped. */
export const HISTORY_PER_SERVICE = 50;

/**
 * Lower priority numbers are served first by YARN's schedulers within one application. What a
 * batch job cannot run without comes first: the dask scheduler, then the client script, then other
 * services, the workers last. Workers asked before the client could take the whole queue and leave
 * the script waiting forever; this way the script runs with the workers the cluster can give.
 */
const ROLE_RANK: Readonly<Record<string, number>> = { "dask.scheduler": 0, "dask.client": 1, "dask.worker": 3 };
const OTHER_RANK = 2;

/** Service name → YARN priority (1, 2, …), ranked by role, spec order within a rank. */
export function priorityOrder(spec: ApplicationSpec): Map<string, number> {
  const rank = (s: ServiceSpec) => (s.role !== undefined ? (ROLE_RANK[s.role] ?? OTHER_RANK) : OTHER_RANK);
  const ranked = Object.entries(spec.services)
    .map(([name, s], i) => ({ name, rank: rank(s), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  return new Map(ranked.map((r, i) => [r.name, i + 1]));
}

export class AppModel {
  readonly services = new Map<string, ServiceState>();
  private readonly byPriority = new Map<number, ServiceState>();
  private readonly byContainer = new Map<string, InstanceRecord>();
  /**
   * Per service, its unallocated REQUESTED records by descending index (pop = lowest), built once
   * per allocate response instead of once per container. Dropped whenever records change.
   */
  private readonly unassigned = new Map<ServiceState, InstanceRecord[]>();
  /** NodeManagers (host:port) the RM reported in another state than RUNNING, with that state. */
  readonly troubledNodes = new Map<string, string>();
  /** Completed records per service since the last history trim (trimming is batched). */
  private readonly finished = new Map<ServiceState, number>();

  constructor(readonly spec: ApplicationSpec) {
    const priorities = priorityOrder(spec);
    for (const [name, s] of Object.entries(spec.services)) {
      const svc: ServiceState = {
        name,
        spec: s,
        priority: priorities.get(name) ?? 0,
        desired: s.instances,
        restartsUsed: 0,
        everRunning: false,
        records: [],
        losses: { memory: 0, preempted: 0, node: 0 },
      };
      this.services.set(name, svc);
      this.byPriority.set(svc.priority, svc);
    }
  }

  service(name: string): ServiceState {
    const s = this.services.get(name);
    if (!s) throw new Error(`no service '${name}'`);
    return s;
  }

  byPriorityOf(priority: number): ServiceState | undefined {
    return this.byPriority.get(priority);
  }

  recordOf(containerId: string): InstanceRecord | undefined {
    return this.byContainer.get(containerId);
  }

  /** Dependencies have run (or will never run: desired 0 and nothing active). */
  dependenciesMet(svc: ServiceState): boolean {
    return svc.spec.depends.every((d) => {
      const dep = this.service(d);
      return dep.everRunning || (dep.desired === 0 && !dep.records.some(isActive));
    });
  }

  /**
   * Brings every service's active records to its desired count and moves WAITING records whose
   * dependencies are met to REQUESTED. Returns the RUNNING (or launching) records to stop, already
   * marked `stopping`. Scale-down takes WAITING first, then unallocated REQUESTED, then the highest
   * instance indexes: asks are cancelled before anything running is touched.
   */
  reconcile(): InstanceRecord[] {
    const toStop: InstanceRecord[] = [];
    this.unassigned.clear();
    for (const svc of this.services.values()) {
      if (svc.failure) svc.desired = 0;
      for (const r of reconcileService(svc)) toStop.push(r);
      if (this.dependenciesMet(svc)) {
        for (const r of svc.records) if (r.state === "WAITING") r.state = "REQUESTED";
      }
    }
    return toStop;
  }

  /** REQUESTED records still waiting for a container: the service's absolute ask. */
  outstanding(svc: ServiceState): number {
    return svc.records.filter((r) => r.state === "REQUESTED" && !r.container && !r.stopping).length;
  }

  /**
   * Gives an allocated container to the lowest unallocated REQUESTED record of the service that
   * asked at its priority. Matching is by priority and memory only: clusters with the
   * DefaultResourceCalculator report vcores=1 whatever was asked (dask/dask-yarn#48).
   * Returns undefined when the container is surplus (asks already cancelled) and must be released.
   */
  assign(container: Container, containerId: string): InstanceRecord | undefined {
    const svc = this.byPriority.get(container.priority);
    if (!svc || container.resource.memoryMb < svc.spec.memoryMiB) return undefined;
    let queue = this.unassigned.get(svc);
    if (!queue) {
      queue = svc.records.filter(isUnassigned).sort((a, b) => b.index - a.index);
      this.unassigned.set(svc, queue);
    }
    let rec = queue.pop();
    while (rec && !isUnassigned(rec)) rec = queue.pop();
    if (!rec) return undefined;
    rec.container = container;
    rec.containerId = containerId;
    rec.host = container.nodeId.host;
    rec.nodeHttpAddress = container.nodeHttpAddress;
    rec.launching = true;
    this.byContainer.set(containerId, rec);
    return rec;
  }

  /** startContainers succeeded (ignored if the container already completed meanwhile). */
  started(rec: InstanceRecord, now: number): void {
    if (rec.state !== "REQUESTED") return;
    rec.launching = false;
    rec.state = "RUNNING";
    rec.startTime = now;
    this.service(rec.service).everRunning = true;
  }

  /**
   * A completion from the RM (or a start failure, with exitStatus INVALID). Applies the restart
   * policy: a FAILED container uses one restart (unless restarts is -1); KILLED (preemption, RM kill)
   * is replaced for free; SUCCEEDED lowers the desired count (its work is done). A service out of
   * restarts gets `failure` set; reconcile() then stops asking for it.
   */
  completed(containerId: string, exitStatus: number, diagnostics: string, now: number): CompletionEvent | undefined {
    const rec = this.byContainer.get(containerId);
    if (!rec || !isLive(rec)) return undefined;
    const svc = this.service(rec.service);
    const completion: Completion = rec.stopping
      ? { state: "KILLED", reason: "stopped by the ApplicationMaster" }
      : describeExit(exitStatus, diagnostics, svc.spec.memoryMiB);
    rec.state = completion.state;
    rec.launching = false;
    rec.exitStatus = exitStatus;
    rec.diagnostics = completion.reason;
    rec.finishTime = now;
    let restarted = false;
    if (!rec.stopping && completion.cause) svc.losses[completion.cause]++;
    if (!rec.stopping) {
      if (completion.state === "SUCCEEDED") svc.desired = Math.max(0, svc.desired - 1);
      else if (completion.state === "KILLED") restarted = true;
      else if (svc.spec.restarts === -1 || svc.restartsUsed < svc.spec.restarts) {
        svc.restartsUsed++;
        restarted = true;
      } else {
        svc.desired = Math.max(0, svc.desired - 1);
        if (!svc.spec.allowFailures) svc.failure = `${rec.instanceId} ${completion.reason}`;
      }
    }
    this.trimHistory(svc);
    return { record: rec, completion, restarted };
  }

  /** A node's new state from allocate's updated_nodes; RUNNING (again) clears the mark. */
  nodeUpdated(nodeId: string, state: string): void {
    if (state === "RUNNING" || state === "NEW") this.troubledNodes.delete(nodeId);
    else this.troubledNodes.set(nodeId, state);
  }

  /** Adopts a container from a previous attempt (recovery) as a RUNNING record. */
  adopt(svcName: string, index: number, container: Container, containerId: string, startTime: number): void {
    const svc = this.service(svcName);
    const rec: InstanceRecord = {
      service: svcName,
      index,
      instanceId: instanceId(svcName, index),
      state: "RUNNING",
      container,
      containerId,
      host: container.nodeId.host,
      nodeHttpAddress: container.nodeHttpAddress,
      startTime,
    };
    svc.records.push(rec);
    svc.everRunning = true;
    this.byContainer.set(containerId, rec);
    this.unassigned.delete(svc);
  }

  /** Containers the AM holds (allocated and not completed): what shutdown must stop. */
  liveContainers(): InstanceRecord[] {
    return [...this.services.values()].flatMap((s) => s.records.filter((r) => r.container && isLive(r)));
  }

  /** Nothing active or pending anywhere: the application has run its course. */
  allDone(): boolean {
    return [...this.services.values()].every((s) => s.desired === 0 && !s.records.some(isLive));
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
    const done = svc.records.filter((r) => !isLive(r));
    const old = new Set(done.slice(0, Math.max(0, done.length - HISTORY_PER_SERVICE)));
    svc.records = svc.records.filter((r) => !old.has(r));
    for (const r of old) if (r.containerId) this.byContainer.delete(r.containerId);
    this.finished.set(svc, done.length - old.size);
  }
}

const isUnassigned = (r: InstanceRecord): boolean => r.state === "REQUESTED" && !r.container && !r.stopping;
