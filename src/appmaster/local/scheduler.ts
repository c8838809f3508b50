// The local scheduler: what the AM's RM session talks to when the "cluster" is this machine. Asks
// are absolute per priority (notes §5.2) and every ask is granted at the next heartbeat — one node,
// no queue — with container ids numbered as YARN numbers them (the AM's is 1). Ends of local
// processes come back as completed container statuses; a released container that still runs is
// stopped. Unregistering writes the final status where `status` finds it after the AM is gone.
// (A stand-in until the AM's ContainerBackend interface exists: see the item 1.)
import { availableParallelism, totalmem } from "node:os";
import {
  containerIdToString,
  type AllocateRequest,
  type AllocateResponse,
  type ApplicationAttemptId,
  type Container,
  type ContainerStatus,
  type FinalApplicationStatus,
  type RegisterApplicationMasterResponse,
  type Resource,
} from "../../hadoop-rpc/index.js";
import type { RmClient } from "../rm-session.js";
import type { LocalEnd } from "./node-manager.js";

const ANY = "*";

export interface LocalSchedulerOptions {
  readonly attemptId: ApplicationAttemptId;
  readonly host: string;
  /** Stops a container the AM released while it runs. */
  readonly stop: (containerId: string) => Promise<void>;
  readonly onFinish: (status: FinalApplicationStatus, diagnostics: string) => void;
}

export class LocalScheduler implements RmClient {
  private nextId = 2;
  private readonly wanted = new Map<number, Resource & { count: number }>();
  private ended: ContainerStatus[] = [];
  private readonly byId = new Map<string, Container>();
  private readonly machine: Resource = {
    memoryMb: Math.floor(totalmem() / 2 ** 20),
    vcores: availableParallelism(),
  };

  constructor(private readonly o: LocalSchedulerOptions) {}

  /** A local process ended: reported with the next heartbeat. */
  containerEnded(end: LocalEnd): void {
    const c = this.byId.get(end.containerId);
    if (!c) return;
    this.byId.delete(end.containerId);
    this.ended.push({ containerId: c.id, state: "COMPLETE", exitStatus: end.exitStatus, diagnostics: end.diagnostics });
  }

  registerApplicationMaster(): Promise<RegisterApplicationMasterResponse> {
    return Promise.resolve({
      maximumCapability: this.machine,
      queue: "local",
      containersFromPreviousAttempts: [],
      nmTokensFromPreviousAttempts: [],
      resourceTypes: ["memory-mb", "vcores"],
    });
  }

  allocate(r: AllocateRequest): Promise<AllocateResponse> {
    for (const a of r.ask ?? []) {
      if (a.resourceName === ANY) this.wanted.set(a.priority, { ...a.capability, count: a.numContainers });
    }
    for (const id of r.release ?? []) void this.o.stop(containerIdToString(id));
    const allocated: Container[] = [];
    for (const [priority, w] of this.wanted) {
      for (; w.count > 0; w.count--) allocated.push(this.newContainer(priority, w));
    }
    const completed = this.ended;
    this.ended = [];
    return Promise.resolve({
      responseId: r.responseId + 1,
      allocatedContainers: allocated,
      completedContainerStatuses: completed,
      limit: this.machine,
      numClusterNodes: 1,
      updatedNodes: [],
      nmTokens: [],
      containersFromPreviousAttempts: [],
    });
  }

  private newContainer(priority: number, r: Resource): Container {
    const c: Container = {
      id: { applicationAttemptId: this.o.attemptId, id: this.nextId++ },
      nodeId: { host: this.o.host, port: 0 },
      nodeHttpAddress: "",
      resource: { memoryMb: r.memoryMb, vcores: r.vcores, ...(r.others ? { others: r.others } : {}) },
      priority,
      containerToken: { identifier: Buffer.alloc(0), password: Buffer.alloc(0), kind: "ContainerToken", service: "" },
      allocationRequestId: 0,
    };
    this.byId.set(containerIdToString(c.id), c);
    return c;
  }

  finishApplicationMaster(r: {
    finalApplicationStatus: FinalApplicationStatus;
    diagnostics?: string;
  }): Promise<{ isUnregistered: boolean }> {
    this.o.onFinish(r.finalApplicationStatus, r.diagnostics ?? "");
    return Promise.resolve({ isUnregistered: true });
  }

  close(): void {}
}
