// The ApplicationMasterProtocol messages (yarn_service_protos.proto: register, allocate, finish),
// with their TypeScript shapes and typed codecs. Records they use: yarn-records-proto.ts.
import type { TokenProto } from "../wire/rpc-proto.js";
import { defineYarnMessages, yarnCodec } from "./yarn-proto.js";
import "./yarn-records-proto.js"; // defines the records below refer to, before they are resolved
import type {
  ContainerIdProto,
  ContainerProto,
  ContainerStatusProto,
  NMTokenProto,
  NodeIdProto,
  PriorityProto,
  ResourceProto,
  ResourceTypeInfoProto,
} from "./yarn-records-proto.js";

defineYarnMessages(`
message RegisterApplicationMasterRequestProto { optional string host = 1; optional int32 rpc_port = 2; optional string tracking_url = 3; }
message RegisterApplicationMasterResponseProto {
  optional ResourceProto maximumCapability = 1; optional bytes client_to_am_token_master_key = 2;
  repeated ContainerProto containers_from_previous_attempts = 4; optional string queue = 5;
  repeated NMTokenProto nm_tokens_from_previous_attempts = 6; repeated ResourceTypeInfoProto resource_types = 9;
}

message ResourceRequestProto {
  optional PriorityProto priority = 1; optional string resource_name = 2; optional ResourceProto capability = 3;
  optional int32 num_containers = 4; optional bool relax_locality = 5 [default = true];
  optional string node_label_expression = 6; optional int64 allocation_request_id = 8 [default = -1];
}
message ResourceBlacklistRequestProto { repeated string blacklist_additions = 1; repeated string blacklist_removals = 2; }
message AllocateRequestProto {
  repeated ResourceRequestProto ask = 1; repeated ContainerIdProto release = 2;
  optional ResourceBlacklistRequestProto blacklist_request = 3; optional int32 response_id = 4;
  optional float progress = 5; optional string tracking_url = 11;
}
enum AMCommandProto { AM_RESYNC = 1; AM_SHUTDOWN = 2; }
enum NodeStateProto { NS_NEW = 1; NS_RUNNING = 2; NS_UNHEALTHY = 3; NS_DECOMMISSIONED = 4; NS_LOST = 5; NS_REBOOTED = 6; NS_DECOMMISSIONING = 7; NS_SHUTDOWN = 8; }
message NodeReportProto {
  optional NodeIdProto nodeId = 1; optional string httpAddress = 2; optional NodeStateProto node_state = 7; optional string health_report = 8;
}
message AllocateResponseProto {
  optional AMCommandProto a_m_command = 1; optional int32 response_id = 2;
  repeated ContainerProto allocated_containers = 3; repeated ContainerStatusProto completed_container_statuses = 4;
  optional ResourceProto limit = 5; repeated NodeReportProto updated_nodes = 6; optional int32 num_cluster_nodes = 7;
  repeated NMTokenProto nm_tokens = 9; optional hadoop.common.TokenProto am_rm_token = 12;
  repeated ContainerProto containers_from_previous_attempts = 17;
}

enum FinalApplicationStatusProto { APP_UNDEFINED = 0; APP_SUCCEEDED = 1; APP_FAILED = 2; APP_KILLED = 3; APP_ENDED = 4; }
message FinishApplicationMasterRequestProto {
  optional string diagnostics = 1; optional string tracking_url = 2; optional FinalApplicationStatusProto final_application_status = 3;
}
message FinishApplicationMasterResponseProto { optional bool isUnregistered = 1 [default = false]; }
`);

export interface RegisterApplicationMasterRequestProto {
  host?: string;
  rpc_port?: number;
  tracking_url?: string;
}
export interface RegisterApplicationMasterResponseProto {
  maximumCapability?: ResourceProto;
  client_to_am_token_master_key?: Uint8Array;
  containers_from_previous_attempts?: ContainerProto[];
  queue?: string;
  nm_tokens_from_previous_attempts?: NMTokenProto[];
  resource_types?: ResourceTypeInfoProto[];
}

export interface ResourceRequestProto {
  priority?: PriorityProto;
  resource_name?: string;
  capability?: ResourceProto;
  num_containers?: number;
  relax_locality?: boolean;
  node_label_expression?: string;
  allocation_request_id?: number;
}
export interface ResourceBlacklistRequestProto {
  blacklist_additions?: string[];
  blacklist_removals?: string[];
}
export interface AllocateRequestProto {
  ask?: ResourceRequestProto[];
  release?: ContainerIdProto[];
  blacklist_request?: ResourceBlacklistRequestProto;
  response_id?: number;
  progress?: number;
  tracking_url?: string;
}
/** AMCommandProto. */
export const AMCommand = { AM_RESYNC: 1, AM_SHUTDOWN: 2 } as const;
/** NodeStateProto values run from NS_NEW = 1 to NS_SHUTDOWN = 8. */
export interface NodeReportProto {
  nodeId?: NodeIdProto;
  httpAddress?: string;
  node_state?: number;
  health_report?: string;
}
export interface AllocateResponseProto {
  a_m_command?: number;
  response_id?: number;
  allocated_containers?: ContainerProto[];
  completed_container_statuses?: ContainerStatusProto[];
  limit?: ResourceProto;
  updated_nodes?: NodeReportProto[];
  num_cluster_nodes?: number;
  nm_tokens?: NMTokenProto[];
  am_rm_token?: TokenProto;
  containers_from_previous_attempts?: ContainerProto[];
}

/** FinalApplicationStatusProto values (APP_ prefix dropped). */
export const FinalApplicationStatusValue = { UNDEFINED: 0, SUCCEEDED: 1, FAILED: 2, KILLED: 3, ENDED: 4 } as const;
export interface FinishApplicationMasterRequestProto {
  diagnostics?: string;
  tracking_url?: string;
  final_application_status?: number;
}
export interface FinishApplicationMasterResponseProto {
  isUnregistered?: boolean;
}

export const registerApplicationMasterRequestProto = yarnCodec<RegisterApplicationMasterRequestProto>(
  "RegisterApplicationMasterRequestProto",
);
export const registerApplicationMasterResponseProto = yarnCodec<RegisterApplicationMasterResponseProto>(
  "RegisterApplicationMasterResponseProto",
);
export const allocateRequestProto = yarnCodec<AllocateRequestProto>("AllocateRequestProto");
export const allocateResponseProto = yarnCodec<AllocateResponseProto>("AllocateResponseProto");
export const finishApplicationMasterRequestProto = yarnCodec<FinishApplicationMasterRequestProto>(
  "FinishApplicationMasterRequestProto",
);
export const finishApplicationMasterResponseProto = yarnCodec<FinishApplicationMasterResponseProto>(
  "FinishApplicationMasterResponseProto",
);
