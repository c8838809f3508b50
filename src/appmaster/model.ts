// The AM's picture of the application: per service a desired count and instance records, each one
// container's life (WAITING → REQUESTED → RUNNING → SUCCEEDED | FAILED | KILLED). Pure: no RPC, no
// timers. The allocator and launcher feed it events and act on what it answers, so every rule here
// (which instance to ask for, which to stop, when a service or the application has failed) is
// unit-tested without a cluster.
import type { Container } from "../hadoop-rpc/index.js";
import { instanceId, type ContainerState } from "../control/types.js";
import type { ApplicationSpec, ServiceSpec } from "../spec/types.js";
import { describeExit, type Completion } from "./exit-status.js";

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
}

/** What one completion did, for logs and for the AM to decide on ending the application. */
export interface CompletionEvent {
  readonly record: InstanceRecord;
  readonly completion: Completion;
  readonly restarted: boolean;
}

/** Completed records kept per service for the status report; older ones are dropped. */
export const HISTORY_PER_SERVICE = 50;

const ACTIVE: ReadonlySet<ContainerState> = new Set(["WAITING", "REQUESTED", "RUNNING"]);
export const isActive = (r: InstanceRecord): boolean => ACTIVE.has(r.state) && !r.stopping;

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
    for (const svc of this.services.values()) {
      if (svc.failure) svc.desired = 0;
      let active = svc.records.filter(isActive);
      for (let i = active.length; i < svc.desired; i++) {
        const used = new Set(active.map((r) => r.index));
        let index = 0;
        while (used.has(index)) index++;
        const rec: InstanceRecord = {
          service: svc.name,
          index,
          instanceId: instanceId(svc.name, index),
          state: "WAITING",
        };
        svc.records.push(rec);
        active = [...active, rec];
      }
      if (active.length > svc.desired) {
        const rank = (r: InstanceRecord) =>
          r.state === "WAITING" ? 0 : r.state === "REQUESTED" && !r.container ? 1 : 2;
        const victims = [...active]
          .sort((a, b) => rank(a) - rank(b) || b.index - a.index)
          .slice(0, active.length - svc.desired);
        for (const v of victims) {
          if (v.container) {
            v.stopping = true;
            toStop.push(v);
          } else {
            svc.records.splice(svc.records.indexOf(v), 1);
          }
        }
      }
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
    const rec = svc.records
      .filter((r) => r.state === "REQUESTED" && !r.container && !r.stopping)
      .sort((a, b) => a.index - b.index)[0];
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
    if (!rec || !ACTIVE.has(rec.state)) return undefined;
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
  }

  /** Containers the AM holds (allocated and not completed): what shutdown must stop. */
  liveContainers(): InstanceRecord[] {
    return [...this.services.values()].flatMap((s) => s.records.filter((r) => r.container && ACTIVE.has(r.state)));
  }

  /** Nothing active or pending anywhere: the application has run its course. */
  allDone(): boolean {
    return [...this.services.values()].every((s) => s.desired === 0 && !s.records.some((r) => ACTIVE.has(r.state)));
  }

  private trimHistory(svc: ServiceState): void {
    const done = svc.records.filter((r) => !ACTIVE.has(r.state));
    for (const old of done.slice(0, Math.max(0, done.length - HISTORY_PER_SERVICE))) {
      svc.records.splice(svc.records.indexOf(old), 1);
      if (old.containerId) this.byContainer.delete(old.containerId);
    }
  }
}
