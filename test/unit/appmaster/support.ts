// Fixtures for the AM unit tests: specs, containers as the RM would hand them out, slots as any
// backend would.
import type { Slot, Wanted } from "../../../src/appmaster/backend.js";
import assert from "node:assert/strict";
import type { AppModel, InstanceRecord, ServiceState } from "../../../src/appmaster/model.js";
import type { RmClient } from "../../../src/appmaster/yarn/rm-session.js";
import { shapeOf } from "../../../src/appmaster/wants.js";
import type { AllocateRequest, AllocateResponse, Container } from "../../../src/hadoop-rpc/index.js";
import { containerIdToString } from "../../../src/hadoop-rpc/index.js";
import type { ApplicationSpec, ServiceSpec } from "../../../src/spec/types.js";

export function service(over: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    instances: 1,
    vcores: 1,
    memoryMiB: 512,
    resources: {},
    env: {},
    files: {},
    script: "echo hi",
    depends: [],
    restarts: 0,
    allowFailures: false,
    nodes: [],
    racks: [],
    relaxLocality: true,
    ...over,
  };
}

export function appSpec(services: Record<string, ServiceSpec>): ApplicationSpec {
  return {
    name: "t",
    queue: "default",
    tags: [],
    priority: 0,
    logs: { partMiB: 64, parts: 8 },
    maxAttempts: 2,
    runtime: "auto",
    master: { vcores: 1, memoryMiB: 256, env: {} },
    hadoop: {},
    tls: false,
    acls: { view: "", modify: "" },
    services,
  };
}

let seq = 1;
export const APP = { clusterTimestamp: 1700000000000, id: 7 };

export function container(priority: number, memoryMb = 512, vcores = 1, host = "nm1"): Container {
  return {
    id: { applicationAttemptId: { applicationId: APP, attemptId: 1 }, id: seq++ },
    nodeId: { host, port: 45454 },
    nodeHttpAddress: `${host}:8042`,
    resource: { memoryMb, vcores },
    priority,
    containerToken: { identifier: Buffer.alloc(0), password: Buffer.alloc(0), kind: "ContainerToken", service: "" },
    allocationRequestId: -1,
  };
}

export const idOf = (c: Container): string => containerIdToString(c.id);

/** A slot for a service, with a YARN-style container id (what the journal and status show). */
export function slot(service: string | undefined, memoryMiB = 512, vcores = 1, host = "nm1"): Slot {
  const id = `container_${APP.clusterTimestamp}_000${APP.id}_01_${String(seq++).padStart(6, "0")}`;
  return {
    id,
    ...(service !== undefined ? { service } : {}),
    host,
    nodeId: `${host}:45454`,
    nodeHttpAddress: `${host}:8042`,
    resource: { memoryMiB, vcores },
  };
}

/** A service's want of `count` slots, as the AM sends it to its backend. */
export function want(svc: ServiceState, count: number): Wanted {
  return { service: svc.name, rank: svc.rank, shape: shapeOf(svc.spec), count };
}

export function response(over: Partial<AllocateResponse> = {}): AllocateResponse {
  return {
    responseId: 0,
    allocatedContainers: [],
    completedContainerStatuses: [],
    limit: { memoryMb: 0, vcores: 0 },
    numClusterNodes: 1,
    updatedNodes: [],
    nmTokens: [],
    containersFromPreviousAttempts: [],
    ...over,
  };
}

/** An RM that answers allocates from a script (one entry per call) and records the requests. */
export function fakeRm(script: ((req: AllocateRequest) => AllocateResponse | Error)[], previous: Container[] = []) {
  const calls: AllocateRequest[] = [];
  let registers = 0;
  const rm: RmClient = {
    registerApplicationMaster: async () => {
      registers++;
      return {
        maximumCapability: { memoryMb: 8192, vcores: 8 },
        queue: "default",
        containersFromPreviousAttempts: previous,
        nmTokensFromPreviousAttempts: [],
        resourceTypes: ["memory-mb", "vcores"],
      };
    },
    allocate: async (req) => {
      calls.push(structuredClone(req));
      const r = script.shift()!(req);
      if (r instanceof Error) throw r;
      return r;
    },
    finishApplicationMaster: async () => ({ isUnregistered: true }),
    close: () => {},
  };
  return { rm, calls, registers: () => registers };
}

/** Assigns a slot, launches and starts its instance, as the AM does when start() succeeds. */
export function launched(m: AppModel, s: Slot, now: number): InstanceRecord {
  const rec = m.assign(s);
  assert.ok(rec, `slot ${s.id} was not assigned`);
  m.launching(rec);
  m.started(rec, now);
  return rec;
}
