// ApplicationMasterProtocol (org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB, version 1)
// on the RM scheduler address, authenticated with the AMRMToken. See notes §4.2–§4.5, §5.
import { RpcClient, type RpcClientOptions } from "../client.js";
import type { Qop } from "../sasl/qop.js";
import { tokenFromProto, type Token } from "../security/token.js";
import {
  containerFrom,
  containerIdTo,
  containerStatusFrom,
  nmTokenFrom,
  nodeIdFrom,
  num,
  resourceFrom,
  resourceTo,
  type Container,
  type ContainerId,
  type ContainerStatus,
  type NMTokenEntry,
  type NodeId,
  type Resource,
} from "./records.js";
import { yarnType } from "./yarn-proto.js";

export const APPLICATION_MASTER_PROTOCOL = "org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB";

export interface RegisterApplicationMasterResponse {
  maximumCapability: Resource;
  queue: string;
  containersFromPreviousAttempts: Container[];
  nmTokensFromPreviousAttempts: NMTokenEntry[];
  /** The resource types the RM knows (memory-mb, vcores, yarn.io/gpu, …); empty from RMs before 3.0. */
  resourceTypes: string[];
}

/** Asks are absolute per (priority, allocationRequestId, resourceName): numContainers is the total. */
export interface ResourceRequest {
  priority: number;
  resourceName: string;
  capability: Resource;
  numContainers: number;
  relaxLocality?: boolean;
  nodeLabelExpression?: string;
  allocationRequestId?: number;
}

export interface AllocateRequest {
  /** 0 on the first allocate after register, then the responseId of the last response. */
  responseId: number;
  ask?: ResourceRequest[];
  release?: ContainerId[];
  blacklistAdditions?: string[];
  blacklistRemovals?: string[];
  progress?: number;
  trackingUrl?: string;
}

/** NodeStateProto, in its order (1 = NEW). */
const NODE_STATES = [
  "NEW",
  "RUNNING",
  "UNHEALTHY",
  "DECOMMISSIONED",
  "LOST",
  "REBOOTED",
  "DECOMMISSIONING",
  "SHUTDOWN",
] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A node whose state changed (allocate's updated_nodes): the RM's word on lost and unhealthy nodes. */
export interface NodeReport {
  nodeId: NodeId;
  state: NodeState;
  healthReport: string;
}

export function nodeReportFrom(p: any): NodeReport {
  return {
    nodeId: nodeIdFrom(p.nodeId),
    state: NODE_STATES[num(p.node_state) - 1] ?? "NEW",
    healthReport: p.health_report ?? "",
  };
}

export interface AllocateResponse {
  responseId: number;
  allocatedContainers: Container[];
  completedContainerStatuses: ContainerStatus[];
  limit: Resource;
  numClusterNodes: number;
  /** Nodes whose state changed since the last response. */
  updatedNodes: NodeReport[];
  nmTokens: NMTokenEntry[];
  /** Set when the RM rolled the AMRMToken; already adopted for new connections. */
  amRmToken?: Token;
  containersFromPreviousAttempts: Container[];
  /** Deprecated in 3.x but still honoured: RESYNC or SHUTDOWN. */
  amCommand?: "AM_RESYNC" | "AM_SHUTDOWN";
}

export type FinalApplicationStatus = "UNDEFINED" | "SUCCEEDED" | "FAILED" | "KILLED" | "ENDED";
const FINAL_STATUS: Record<FinalApplicationStatus, number> = {
  UNDEFINED: 0,
  SUCCEEDED: 1,
  FAILED: 2,
  KILLED: 3,
  ENDED: 4,
};

export interface ApplicationMasterClientOptions extends Omit<RpcClientOptions, "protocol" | "token"> {
  /** The AMRMToken from the container's token file. */
  amrmToken: Token;
}

export class ApplicationMasterClient {
  private amrm: Token;
  private readonly rpc: RpcClient;

  constructor(opts: ApplicationMasterClientOptions) {
    this.amrm = opts.amrmToken;
    this.rpc = new RpcClient({ ...opts, protocol: APPLICATION_MASTER_PROTOCOL, token: () => this.amrm });
  }

  /** The AMRMToken new connections will use. */
  get amrmToken(): Token {
    return this.amrm;
  }

  async registerApplicationMaster(r: {
    host: string;
    rpcPort: number;
    trackingUrl: string;
  }): Promise<RegisterApplicationMasterResponse> {
    const p = await this.rpc.call(
      "registerApplicationMaster",
      yarnType("RegisterApplicationMasterRequestProto"),
      { host: r.host, rpc_port: r.rpcPort, tracking_url: r.trackingUrl },
      yarnType("RegisterApplicationMasterResponseProto"),
    );
    return {
      maximumCapability: resourceFrom(p.maximumCapability),
      queue: p.queue ?? "",
      containersFromPreviousAttempts: (p.containers_from_previous_attempts ?? []).map(containerFrom),
      nmTokensFromPreviousAttempts: (p.nm_tokens_from_previous_attempts ?? []).map(nmTokenFrom),
      resourceTypes: (p.resource_types ?? []).map((t: { name: string }) => t.name),
    };
  }

  async allocate(r: AllocateRequest): Promise<AllocateResponse> {
    const req: Record<string, unknown> = {
      response_id: r.responseId,
      progress: r.progress ?? 0,
      ask: (r.ask ?? []).map((a) => ({
        priority: { priority: a.priority },
        resource_name: a.resourceName,
        capability: resourceTo(a.capability),
        num_containers: a.numContainers,
        relax_locality: a.relaxLocality ?? true,
        ...(a.nodeLabelExpression !== undefined ? { node_label_expression: a.nodeLabelExpression } : {}),
        ...(a.allocationRequestId !== undefined ? { allocation_request_id: a.allocationRequestId } : {}),
      })),
      release: (r.release ?? []).map(containerIdTo),
    };
    if (r.blacklistAdditions?.length || r.blacklistRemovals?.length) {
      req.blacklist_request = {
        blacklist_additions: r.blacklistAdditions ?? [],
        blacklist_removals: r.blacklistRemovals ?? [],
      };
    }
    if (r.trackingUrl !== undefined) req.tracking_url = r.trackingUrl;
    const p = await this.rpc.call("allocate", yarnType("AllocateRequestProto"), req, yarnType("AllocateResponseProto"));
    const out: AllocateResponse = {
      responseId: num(p.response_id),
      allocatedContainers: (p.allocated_containers ?? []).map(containerFrom),
      completedContainerStatuses: (p.completed_container_statuses ?? []).map(containerStatusFrom),
      limit: resourceFrom(p.limit),
      numClusterNodes: num(p.num_cluster_nodes),
      updatedNodes: (p.updated_nodes ?? []).map(nodeReportFrom),
      nmTokens: (p.nm_tokens ?? []).map(nmTokenFrom),
      containersFromPreviousAttempts: (p.containers_from_previous_attempts ?? []).map(containerFrom),
    };
    if (Object.prototype.hasOwnProperty.call(p, "a_m_command"))
      out.amCommand = p.a_m_command === 1 ? "AM_RESYNC" : "AM_SHUTDOWN";
    if (p.am_rm_token) {
      // Roll-over: the open connection stays authenticated; the next one must use the new token.
      out.amRmToken = tokenFromProto(p.am_rm_token);
      this.amrm = out.amRmToken;
    }
    return out;
  }

  /** One call; the RM answers isUnregistered=false until it has stored the final state (retry then). */
  async finishApplicationMaster(r: {
    finalApplicationStatus: FinalApplicationStatus;
    diagnostics?: string;
    trackingUrl?: string;
  }): Promise<{ isUnregistered: boolean }> {
    const req: Record<string, unknown> = { final_application_status: FINAL_STATUS[r.finalApplicationStatus] };
    if (r.diagnostics !== undefined) req.diagnostics = r.diagnostics;
    if (r.trackingUrl !== undefined) req.tracking_url = r.trackingUrl;
    const p = await this.rpc.call(
      "finishApplicationMaster",
      yarnType("FinishApplicationMasterRequestProto"),
      req,
      yarnType("FinishApplicationMasterResponseProto"),
    );
    return { isUnregistered: p.isUnregistered === true };
  }

  /** The negotiated QOP of the open connection, if any (diagnostics and tests). */
  qop(): Promise<Qop | undefined> {
    return this.rpc.qop();
  }

  close(): void {
    this.rpc.close();
  }
}
