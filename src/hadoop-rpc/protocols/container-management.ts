// ContainerManagementProtocol (org.apache.hadoop.yarn.api.ContainerManagementProtocolPB, version 1)
// on one NodeManager, authenticated with that node's NMToken. The messages and their codecs are
// in container-management-codec.ts.
import { RpcClient, type RpcClientOptions } from "../client.js";
import type { Qop } from "../sasl/qop.js";
import type { Token } from "../security/token.js";
import {
  ContainerManagementMethods as M,
  type ContainerResults,
  type ContainerStatusResults,
  type StartContainerRequest,
} from "./container-management-codec.js";
import type { ContainerId } from "./records.js";

export const CONTAINER_MANAGEMENT_PROTOCOL = "org.apache.hadoop.yarn.api.ContainerManagementProtocolPB";

export interface ContainerManagementClientOptions extends Omit<
  RpcClientOptions,
  "protocol" | "token" | "host" | "port"
> {
  host: string;
  port: number;
  /** The NMToken for this node. */
  nmToken: Token;
}

export class ContainerManagementClient {
  private readonly rpc: RpcClient;

  constructor(opts: ContainerManagementClientOptions) {
    this.rpc = new RpcClient({ ...opts, protocol: CONTAINER_MANAGEMENT_PROTOCOL, token: () => opts.nmToken });
  }

  startContainers(requests: StartContainerRequest[]): Promise<ContainerResults> {
    return this.rpc.call(M.startContainers, requests);
  }

  stopContainers(ids: ContainerId[]): Promise<ContainerResults> {
    return this.rpc.call(M.stopContainers, ids);
  }

  getContainerStatuses(ids: ContainerId[]): Promise<ContainerStatusResults> {
    return this.rpc.call(M.getContainerStatuses, ids);
  }

  /** The negotiated QOP of the open connection, if any (diagnostics and tests). */
  qop(): Promise<Qop | undefined> {
    return this.rpc.qop();
  }

  close(): void {
    this.rpc.close();
  }
}
