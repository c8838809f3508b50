// The ContainerManagementProtocol messages (yarn_service_protos.proto: start, stop, statuses) and
// the ContainerLaunchContext (yarn_protos.proto), with their TypeScript shapes and typed codecs.
import type { TokenProto } from "../wire/rpc-proto.js";
import { defineYarnMessages, yarnCodec } from "./yarn-proto.js";
import "./yarn-records-proto.js"; // defines the records below refer to, before they are resolved
import type { ContainerIdProto, ContainerStatusProto, SerializedExceptionProto } from "./yarn-records-proto.js";

defineYarnMessages(`
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
message ContainerExceptionMapProto { optional ContainerIdProto container_id = 1; optional SerializedExceptionProto exception = 2; }
message StartContainersResponseProto {
  repeated StringBytesMapProto services_meta_data = 1; repeated ContainerIdProto succeeded_requests = 2; repeated ContainerExceptionMapProto failed_requests = 3;
}
message StopContainersRequestProto { repeated ContainerIdProto container_id = 1; }
message StopContainersResponseProto { repeated ContainerIdProto succeeded_requests = 1; repeated ContainerExceptionMapProto failed_requests = 2; }
message GetContainerStatusesRequestProto { repeated ContainerIdProto container_id = 1; }
message GetContainerStatusesResponseProto { repeated ContainerStatusProto status = 1; repeated ContainerExceptionMapProto failed_requests = 2; }
`);

export interface URLProto {
  scheme?: string;
  host?: string;
  port?: number;
  file?: string;
  userInfo?: string;
}
/** type: LocalResourceTypeProto (ARCHIVE 1, FILE 2, PATTERN 3); visibility: PUBLIC 1, PRIVATE 2, APPLICATION 3. */
export interface LocalResourceProto {
  resource?: URLProto;
  size?: number;
  timestamp?: number;
  type?: number;
  visibility?: number;
  pattern?: string;
}
export interface StringLocalResourceMapProto {
  key?: string;
  value?: LocalResourceProto;
}
export interface StringStringMapProto {
  key?: string;
  value?: string;
}
export interface StringBytesMapProto {
  key?: string;
  value?: Uint8Array;
}
export interface ContainerLaunchContextProto {
  localResources?: StringLocalResourceMapProto[];
  tokens?: Uint8Array;
  service_data?: StringBytesMapProto[];
  environment?: StringStringMapProto[];
  command?: string[];
}
export interface StartContainerRequestProto {
  container_launch_context?: ContainerLaunchContextProto;
  container_token?: TokenProto;
}
export interface StartContainersRequestProto {
  start_container_request?: StartContainerRequestProto[];
}
export interface ContainerExceptionMapProto {
  container_id?: ContainerIdProto;
  exception?: SerializedExceptionProto;
}
export interface StartContainersResponseProto {
  services_meta_data?: StringBytesMapProto[];
  succeeded_requests?: ContainerIdProto[];
  failed_requests?: ContainerExceptionMapProto[];
}
/** Also the shape of GetContainerStatusesRequestProto. */
export interface StopContainersRequestProto {
  container_id?: ContainerIdProto[];
}
export interface StopContainersResponseProto {
  succeeded_requests?: ContainerIdProto[];
  failed_requests?: ContainerExceptionMapProto[];
}
export type GetContainerStatusesRequestProto = StopContainersRequestProto;
export interface GetContainerStatusesResponseProto {
  status?: ContainerStatusProto[];
  failed_requests?: ContainerExceptionMapProto[];
}

export const startContainersRequestProto = yarnCodec<StartContainersRequestProto>("StartContainersRequestProto");
export const startContainersResponseProto = yarnCodec<StartContainersResponseProto>("StartContainersResponseProto");
export const stopContainersRequestProto = yarnCodec<StopContainersRequestProto>("StopContainersRequestProto");
export const stopContainersResponseProto = yarnCodec<StopContainersResponseProto>("StopContainersResponseProto");
export const getContainerStatusesRequestProto = yarnCodec<GetContainerStatusesRequestProto>(
  "GetContainerStatusesRequestProto",
);
export const getContainerStatusesResponseProto = yarnCodec<GetContainerStatusesResponseProto>(
  "GetContainerStatusesResponseProto",
);
