// Our own proto2 definitions of the YARN messages the AM uses (yarn_protos, yarn_service_protos),
// trimmed to the fields we read or write; field numbers per notes/hadoop-protocol.md §4. Unknown
// fields the server sends (execution types, resource profiles, …) are skipped by the decoder.
import protobuf from "protobufjs";
import { rpcRoot } from "../wire/rpc-proto.js";

const YARN_PROTO = `
syntax = "proto2";
package hadoop.yarn;

message ApplicationIdProto { optional int32 id = 1; optional int64 cluster_timestamp = 2; }
message ApplicationAttemptIdProto { optional ApplicationIdProto application_id = 1; optional int32 attemptId = 2; }
message ContainerIdProto { optional ApplicationIdProto app_id = 1; optional ApplicationAttemptIdProto app_attempt_id = 2; optional int64 id = 3; }
message NodeIdProto { optional string host = 1; optional int32 port = 2; }
message PriorityProto { optional int32 priority = 1; }
enum ResourceTypesProto { COUNTABLE = 0; }
// Field numbers checked against hadoop-yarn-api 3.4.2 (YarnProtos$ResourceInformationProto constants).
message ResourceInformationProto {
  required string key = 1; optional int64 value = 2; optional string units = 3; optional ResourceTypesProto type = 4;
}
message ResourceTypeInfoProto { required string name = 1; optional string units = 2; optional ResourceTypesProto type = 3; }
message ResourceProto {
  optional int64 memory = 1; optional int32 virtual_cores = 2; repeated ResourceInformationProto resource_value_map = 3;
}

message ContainerProto {
  optional ContainerIdProto id = 1; optional NodeIdProto nodeId = 2; optional string node_http_address = 3;
  optional ResourceProto resource = 4; optional PriorityProto priority = 5;
  optional hadoop.common.TokenProto container_token = 6;
  optional int64 allocation_request_id = 8 [default = -1]; optional int32 version = 9 [default = 0];
}
enum ContainerStateProto { C_NEW = 1; C_RUNNING = 2; C_COMPLETE = 3; }
message ContainerStatusProto {
  optional ContainerIdProto container_id = 1; optional ContainerStateProto state = 2;
  optional string diagnostics = 3 [default = "N/A"]; optional int32 exit_status = 4 [default = -1000];
  optional ResourceProto capability = 5;
}
message NMTokenProto { optional NodeIdProto nodeId = 1; optional hadoop.common.TokenProto token = 2; }

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

enum LocalResourceTypeProto { ARCHIVE = 1; FILE = 2; PATTERN = 3; }
enum LocalResourceVisibilityProto { PUBLIC = 1; PRIVATE = 2; APPLICATION = 3; }
message URLProto { optional string scheme = 1; optional string host = 2; optional int32 port = 3; optional string file = 4; optional string userInfo = 5; }
message LocalResourceProto {
  optional URLProto resource = 1; optional int64 size = 2; optional int64 timestamp = 3;
  optional LocalResourceTypeProto type = 4; optional LocalResourceVisibilityProto visibility = 5; optional string pattern = 6;
}
message StringLocalResourceMapProto { optional string key = 1; optional LocalResourceProto value = 2; }
message StringStringMapProto { optional string key = 1; optional string value = 2; }
message StringBytesMapProto { optional string key = 1; optional bytes value = 2; }
message ContainerLaunchContextProto {
  repeated StringLocalResourceMapProto localResources = 1; optional bytes tokens = 2;
  repeated StringBytesMapProto service_data = 3; repeated StringStringMapProto environment = 4; repeated string command = 5;
}
message StartContainerRequestProto { optional ContainerLaunchContextProto container_launch_context = 1; optional hadoop.common.TokenProto container_token = 2; }
message StartContainersRequestProto { repeated StartContainerRequestProto start_container_request = 1; }
message SerializedExceptionProto { optional string message = 1; optional string trace = 2; optional string class_name = 3; optional SerializedExceptionProto cause = 4; }
message ContainerExceptionMapProto { optional ContainerIdProto container_id = 1; optional SerializedExceptionProto exception = 2; }
message StartContainersResponseProto {
  repeated StringBytesMapProto services_meta_data = 1; repeated ContainerIdProto succeeded_requests = 2; repeated ContainerExceptionMapProto failed_requests = 3;
}
message StopContainersRequestProto { repeated ContainerIdProto container_id = 1; }
message StopContainersResponseProto { repeated ContainerIdProto succeeded_requests = 1; repeated ContainerExceptionMapProto failed_requests = 2; }
message GetContainerStatusesRequestProto { repeated ContainerIdProto container_id = 1; }
message GetContainerStatusesResponseProto { repeated ContainerStatusProto status = 1; repeated ContainerExceptionMapProto failed_requests = 2; }
`;

protobuf.parse(YARN_PROTO, rpcRoot, { keepCase: true });
rpcRoot.resolveAll();

export const yarnType = (name: string): protobuf.Type => rpcRoot.lookupType(`hadoop.yarn.${name}`);
