// Fixtures for the AM unit tests: specs, containers as the RM would hand them out.
import type { Container } from "../../../src/hadoop-rpc/index.js";
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
    maxAttempts: 2,
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
