// The YARN records shared by both protocols (yarn_protos.proto), with their TypeScript shapes.
import type { TokenProto } from "../wire/rpc-proto.js";
import { defineYarnMessages } from "./yarn-proto.js";

defineYarnMessages(`
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
message SerializedExceptionProto { optional string message = 1; optional string trace = 2; optional string class_name = 3; optional SerializedExceptionProto cause = 4; }
`);

export interface ApplicationIdProto {
  id?: number;
  cluster_timestamp?: number;
}
export interface ApplicationAttemptIdProto {
  application_id?: ApplicationIdProto;
  attemptId?: number;
}
export interface ContainerIdProto {
  app_id?: ApplicationIdProto;
  app_attempt_id?: ApplicationAttemptIdProto;
  id?: number;
}
export interface NodeIdProto {
  host?: string;
  port?: number;
}
export interface PriorityProto {
  priority?: number;
}
/** ResourceTypesProto: COUNTABLE (0) is the only value. */
export const ResourceTypes = { COUNTABLE: 0 } as const;
export interface ResourceInformationProto {
  key: string;
  value?: number;
  units?: string;
  type?: number;
}
export interface ResourceTypeInfoProto {
  name: string;
  units?: string;
  type?: number;
}
export interface ResourceProto {
  memory?: number;
  virtual_cores?: number;
  resource_value_map?: ResourceInformationProto[];
}
export interface ContainerProto {
  id?: ContainerIdProto;
  nodeId?: NodeIdProto;
  node_http_address?: string;
  resource?: ResourceProto;
  priority?: PriorityProto;
  container_token?: TokenProto;
  /** Absent = -1 (the proto default). */
  allocation_request_id?: number;
  version?: number;
}
/** ContainerStateProto: C_NEW 1, C_RUNNING 2, C_COMPLETE 3. */
export interface ContainerStatusProto {
  container_id?: ContainerIdProto;
  state?: number;
  /** Absent = "N/A". */
  diagnostics?: string;
  /** Absent = -1000 (ContainerExitStatus.INVALID). */
  exit_status?: number;
  capability?: ResourceProto;
}
export interface NMTokenProto {
  nodeId?: NodeIdProto;
  token?: TokenProto;
}
export interface SerializedExceptionProto {
  message?: string;
  trace?: string;
  class_name?: string;
  cause?: SerializedExceptionProto;
}
