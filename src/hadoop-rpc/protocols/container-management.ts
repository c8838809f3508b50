// ContainerManagementProtocol (org.apache.hadoop.yarn.api.ContainerManagementProtocolPB, version 1)
// on one NodeManager, authenticated with that node's NMToken. Per-container failures come back in
// failed_requests, not as RPC errors, so each result lists successes and failures.
import { RpcClient, type RpcClientOptions } from "../client.js";
import type { Qop } from "../sasl/qop.js";
import { RemoteJavaError } from "../../errors.js";
import type { Token } from "../security/token.js";
import { launchContextTo, type ContainerLaunchContext } from "./launch-context.js";
import {
  containerIdFrom,
  containerIdTo,
  containerStatusFrom,
  containerTokenTo,
  type Container,
  type ContainerId,
  type ContainerStatus,
} from "./records.js";
import { yarnType } from "./yarn-proto.js";

export const CONTAINER_MANAGEMENT_PROTOCOL = "org.apache.hadoop.yarn.api.ContainerManagementProtocolPB";

export interface ContainerFailure {
  containerId: ContainerId;
  /** SerializedExceptionProto: class name and message. */
  error: RemoteJavaError;
}

export interface ContainerResults {
  succeeded: ContainerId[];
  failed: ContainerFailure[];
}

export interface StartContainerRequest {
  container: Container;
  launchContext: ContainerLaunchContext;
}

export interface ContainerManagementClientOptions extends Omit<
  RpcClientOptions,
  "protocol" | "token" | "host" | "port"
> {
  host: string;
  port: number;
  /** The NMToken for this node. */
  nmToken: Token;
}

function failureFrom(p: any): ContainerFailure {
  const e = p.exception ?? {};
  const cls = e.class_name ?? "org.apache.hadoop.yarn.exceptions.YarnException";
  return {
    containerId: containerIdFrom(p.container_id),
    error: new RemoteJavaError("YARN_CONTAINER_REQUEST_FAILED", cls, e.message ?? ""),
  };
}

export class ContainerManagementClient {
  private readonly rpc: RpcClient;

  constructor(opts: ContainerManagementClientOptions) {
    this.rpc = new RpcClient({ ...opts, protocol: CONTAINER_MANAGEMENT_PROTOCOL, token: () => opts.nmToken });
  }

  async startContainers(requests: StartContainerRequest[]): Promise<ContainerResults> {
    const p = await this.rpc.call(
      "startContainers",
      yarnType("StartContainersRequestProto"),
      {
        start_container_request: requests.map((r) => ({
          container_launch_context: launchContextTo(r.launchContext),
          container_token: containerTokenTo(r.container),
        })),
      },
      yarnType("StartContainersResponseProto"),
    );
    return {
      succeeded: (p.succeeded_requests ?? []).map(containerIdFrom),
      failed: (p.failed_requests ?? []).map(failureFrom),
    };
  }

  async stopContainers(ids: ContainerId[]): Promise<ContainerResults> {
    const p = await this.rpc.call(
      "stopContainers",
      yarnType("StopContainersRequestProto"),
      { container_id: ids.map(containerIdTo) },
      yarnType("StopContainersResponseProto"),
    );
    return {
      succeeded: (p.succeeded_requests ?? []).map(containerIdFrom),
      failed: (p.failed_requests ?? []).map(failureFrom),
    };
  }

  async getContainerStatuses(ids: ContainerId[]): Promise<{ statuses: ContainerStatus[]; failed: ContainerFailure[] }> {
    const p = await this.rpc.call(
      "getContainerStatuses",
      yarnType("GetContainerStatusesRequestProto"),
      { container_id: ids.map(containerIdTo) },
      yarnType("GetContainerStatusesResponseProto"),
    );
    return { statuses: (p.status ?? []).map(containerStatusFrom), failed: (p.failed_requests ?? []).map(failureFrom) };
  }

  /** The negotiated QOP of the open connection, if any (diagnostics and tests). */
  qop(): Promise<Qop | undefined> {
    return this.rpc.qop();
  }

  close(): void {
    this.rpc.close();
  }
}
