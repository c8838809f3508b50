// ApplicationMasterProtocol messages in our vocabulary, and the pure codecs between them and the
// wire (no I/O): registerApplicationMaster, allocate, finishApplicationMaster. See docs/design.md §3 and §10.
import { tokenFromProto, type Token } from "../security/token.js";
import type { RpcMethod } from "../wire/rpc-method.js";
import {
  AMCommand,
  allocateRequestProto,
  allocateResponseProto,
  FinalApplicationStatusValue,
  finishApplicationMasterRequestProto,
  finishApplicationMasterResponseProto,
  registerApplicationMasterRequestProto,
  registerApplicationMasterResponseProto,
  type AllocateRequestProto,
  type FinishApplicationMasterRequestProto,
  type NodeReportProto,
  type ResourceRequestProto,
} from "./application-master-proto.js";
import {
  containerFrom,
  containerIdTo,
  containerStatusFrom,
  nmTokenFrom,
  nodeIdFrom,
  resourceFrom,
  resourceTo,
  type Container,
  type ContainerId,
  type ContainerStatus,
  type NMTokenEntry,
  type NodeId,
  type Resource,
} from "./records.js";

export interface RegisterApplicationMasterRequest {
  host: string;
  /** -1 when the AM serves no RPC. */
  rpcPort: number;
  trackingUrl: string;
}

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

export interface AllocateResponse {
  responseId: number;
  allocatedContainers: Container[];
  completedContainerStatuses: ContainerStatus[];
  limit: Resource;
  numClusterNodes: number;
  /** Nodes whose state changed since the last response. */
  updatedNodes: NodeReport[];
  nmTokens: NMTokenEntry[];
  /** Set when the RM rolled the AMRMToken (the client adopts it for new connections). */
  amRmToken?: Token;
  containersFromPreviousAttempts: Container[];
  /** Deprecated in 3.x but still honoured: RESYNC or SHUTDOWN. */
  amCommand?: "AM_RESYNC" | "AM_SHUTDOWN";
}

export type FinalApplicationStatus = keyof typeof FinalApplicationStatusValue;

export interface FinishApplicationMasterRequest {
  finalApplicationStatus: FinalApplicationStatus;
  diagnostics?: string;
  trackingUrl?: string;
}

export interface FinishApplicationMasterResponse {
  /** False until the RM has stored the final state: call again. */
  isUnregistered: boolean;
}

export function registerApplicationMasterRequestTo(r: RegisterApplicationMasterRequest): Uint8Array {
  return registerApplicationMasterRequestProto.encode({
    host: r.host,
    rpc_port: r.rpcPort,
    tracking_url: r.trackingUrl,
  });
}

export function registerApplicationMasterResponseFrom(bytes: Uint8Array): RegisterApplicationMasterResponse {
  const p = registerApplicationMasterResponseProto.decode(bytes);
  return {
    maximumCapability: resourceFrom(p.maximumCapability),
    queue: p.queue ?? "",
    containersFromPreviousAttempts: (p.containers_from_previous_attempts ?? []).map(containerFrom),
    nmTokensFromPreviousAttempts: (p.nm_tokens_from_previous_attempts ?? []).map(nmTokenFrom),
    resourceTypes: (p.resource_types ?? []).map((t) => t.name),
  };
}

function resourceRequestTo(a: ResourceRequest): ResourceRequestProto {
  const out: ResourceRequestProto = {
    priority: { priority: a.priority },
    resource_name: a.resourceName,
    capability: resourceTo(a.capability),
    num_containers: a.numContainers,
    // Set even when true (the proto default), so the ask says it explicitly.
    relax_locality: a.relaxLocality ?? true,
  };
  if (a.nodeLabelExpression !== undefined) out.node_label_expression = a.nodeLabelExpression;
  if (a.allocationRequestId !== undefined) out.allocation_request_id = a.allocationRequestId;
  return out;
}

export function allocateRequestTo(r: AllocateRequest): Uint8Array {
  const p: AllocateRequestProto = {
    ask: (r.ask ?? []).map(resourceRequestTo),
    release: (r.release ?? []).map(containerIdTo),
    // response_id and progress are always set, 0 included: proto2 puts a set field on the wire.
    response_id: r.responseId,
    progress: r.progress ?? 0,
  };
  if (r.blacklistAdditions?.length || r.blacklistRemovals?.length) {
    p.blacklist_request = {
      blacklist_additions: r.blacklistAdditions ?? [],
      blacklist_removals: r.blacklistRemovals ?? [],
    };
  }
  if (r.trackingUrl !== undefined) p.tracking_url = r.trackingUrl;
  return allocateRequestProto.encode(p);
}

function nodeReportFrom(p: NodeReportProto): NodeReport {
  return {
    nodeId: nodeIdFrom(p.nodeId),
    state: NODE_STATES[(p.node_state ?? 1) - 1] ?? "NEW",
    healthReport: p.health_report ?? "",
  };
}

export function allocateResponseFrom(bytes: Uint8Array): AllocateResponse {
  const p = allocateResponseProto.decode(bytes);
  const out: AllocateResponse = {
    responseId: p.response_id ?? 0,
    allocatedContainers: (p.allocated_containers ?? []).map(containerFrom),
    completedContainerStatuses: (p.completed_container_statuses ?? []).map(containerStatusFrom),
    limit: resourceFrom(p.limit),
    numClusterNodes: p.num_cluster_nodes ?? 0,
    updatedNodes: (p.updated_nodes ?? []).map(nodeReportFrom),
    nmTokens: (p.nm_tokens ?? []).map(nmTokenFrom),
    containersFromPreviousAttempts: (p.containers_from_previous_attempts ?? []).map(containerFrom),
  };
  if (p.a_m_command !== undefined) out.amCommand = p.a_m_command === AMCommand.AM_RESYNC ? "AM_RESYNC" : "AM_SHUTDOWN";
  if (p.am_rm_token) out.amRmToken = tokenFromProto(p.am_rm_token);
  return out;
}

export function finishApplicationMasterRequestTo(r: FinishApplicationMasterRequest): Uint8Array {
  const p: FinishApplicationMasterRequestProto = {
    final_application_status: FinalApplicationStatusValue[r.finalApplicationStatus],
  };
  if (r.diagnostics !== undefined) p.diagnostics = r.diagnostics;
  if (r.trackingUrl !== undefined) p.tracking_url = r.trackingUrl;
  return finishApplicationMasterRequestProto.encode(p);
}

export function finishApplicationMasterResponseFrom(bytes: Uint8Array): FinishApplicationMasterResponse {
  return { isUnregistered: finishApplicationMasterResponseProto.decode(bytes).isUnregistered === true };
}

/** The protocol's methods, for RpcClient.call. */
export const ApplicationMasterMethods = {
  registerApplicationMaster: {
    name: "registerApplicationMaster",
    requestTo: registerApplicationMasterRequestTo,
    responseFrom: registerApplicationMasterResponseFrom,
  } satisfies RpcMethod<RegisterApplicationMasterRequest, RegisterApplicationMasterResponse>,
  allocate: {
    name: "allocate",
    requestTo: allocateRequestTo,
    responseFrom: allocateResponseFrom,
  } satisfies RpcMethod<AllocateRequest, AllocateResponse>,
  finishApplicationMaster: {
    name: "finishApplicationMaster",
    requestTo: finishApplicationMasterRequestTo,
    responseFrom: finishApplicationMasterResponseFrom,
  } satisfies RpcMethod<FinishApplicationMasterRequest, FinishApplicationMasterResponse>,
};
