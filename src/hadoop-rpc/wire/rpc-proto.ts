// Our own proto2 definitions of the Hadoop IPC messages we use (hadoop-common RpcHeader,
// ProtobufRpcEngine2 RequestHeader, IpcConnectionContext, Security). Only the fields we need,
// with Hadoop's field numbers and types (docs/design.md §10). Kept as an embedded
// string so the AM bundles into one file and never reads .proto files at run time.
//
// proto2 matters: protobufjs writes an optional field whenever it is set, even to 0 or "", and
// Hadoop rejects a request header without rpcKind/rpcOp and a SaslAuth without protocol "".
import protobuf from "protobufjs";
import { protoCodec } from "./proto-codec.js";

const RPC_PROTO = `
syntax = "proto2";
package hadoop.common;

enum RpcKindProto { RPC_BUILTIN = 0; RPC_WRITABLE = 1; RPC_PROTOCOL_BUFFER = 2; }

message RpcRequestHeaderProto {
  enum OperationProto { RPC_FINAL_PACKET = 0; RPC_CONTINUATION_PACKET = 1; RPC_CLOSE_CONNECTION = 2; }
  optional RpcKindProto rpcKind = 1;
  optional OperationProto rpcOp = 2;
  required sint32 callId = 3;
  required bytes clientId = 4;
  optional sint32 retryCount = 5 [default = -1];
}

message RpcResponseHeaderProto {
  enum RpcStatusProto { SUCCESS = 0; ERROR = 1; FATAL = 2; }
  enum RpcErrorCodeProto {
    ERROR_APPLICATION = 1; ERROR_NO_SUCH_METHOD = 2; ERROR_NO_SUCH_PROTOCOL = 3; ERROR_RPC_SERVER = 4;
    ERROR_SERIALIZING_RESPONSE = 5; ERROR_RPC_VERSION_MISMATCH = 6; FATAL_UNKNOWN = 10;
    FATAL_UNSUPPORTED_SERIALIZATION = 11; FATAL_INVALID_RPC_HEADER = 12; FATAL_DESERIALIZING_REQUEST = 13;
    FATAL_VERSION_MISMATCH = 14; FATAL_UNAUTHORIZED = 15;
  }
  required uint32 callId = 1;
  required RpcStatusProto status = 2;
  optional uint32 serverIpcVersionNum = 3;
  optional string exceptionClassName = 4;
  optional string errorMsg = 5;
  optional RpcErrorCodeProto errorDetail = 6;
  optional bytes clientId = 7;
  optional sint32 retryCount = 8 [default = -1];
}

message RpcSaslProto {
  enum SaslState { SUCCESS = 0; NEGOTIATE = 1; INITIATE = 2; CHALLENGE = 3; RESPONSE = 4; WRAP = 5; }
  message SaslAuth {
    required string method = 1;
    required string mechanism = 2;
    optional string protocol = 3;
    optional string serverId = 4;
    optional bytes challenge = 5;
  }
  optional uint32 version = 1;
  required SaslState state = 2;
  optional bytes token = 3;
  repeated SaslAuth auths = 4;
}

message RequestHeaderProto {
  required string methodName = 1;
  required string declaringClassProtocolName = 2;
  required uint64 clientProtocolVersion = 3;
}

message UserInformationProto { optional string effectiveUser = 1; optional string realUser = 2; }
message IpcConnectionContextProto { optional UserInformationProto userInfo = 2; optional string protocol = 3; }

message TokenProto { required bytes identifier = 1; required bytes password = 2; required string kind = 3; required string service = 4; }
message CredentialsKVProto { required string alias = 1; optional TokenProto token = 2; optional bytes secret = 3; }
message CredentialsProto { repeated CredentialsKVProto tokens = 1; repeated CredentialsKVProto secrets = 2; }
`;

/** Shared with the YARN definitions, which refer to hadoop.common.TokenProto. */
export const rpcRoot: protobuf.Root = protobuf.parse(RPC_PROTO, { keepCase: true }).root;
rpcRoot.resolveAll(); // makes the decoders check proto2 `required` fields
const codec = <T extends object>(name: string) => protoCodec<T>(() => rpcRoot.lookupType(`hadoop.common.${name}`));

// The messages as TypeScript sees them (field names as above; optional = may be absent on the wire).

export interface RpcRequestHeaderProto {
  /** RpcKindProto: always RPC_PROTOCOL_BUFFER. */
  rpcKind?: number;
  /** OperationProto: always RPC_FINAL_PACKET (0), which must still be on the wire. */
  rpcOp?: number;
  callId: number;
  clientId: Uint8Array;
  retryCount?: number;
}

export interface RpcResponseHeaderProto {
  /** As the wire carries it: uint32, so -33 arrives as 4294967263. */
  callId: number;
  /** RpcStatusProto (see RpcStatus). */
  status: number;
  serverIpcVersionNum?: number;
  exceptionClassName?: string;
  errorMsg?: string;
  /** RpcErrorCodeProto (see rpcErrorCodeName). */
  errorDetail?: number;
  clientId?: Uint8Array;
  retryCount?: number;
}

export interface SaslAuth {
  method: string;
  mechanism: string;
  protocol?: string;
  serverId?: string;
  challenge?: Uint8Array;
}

export interface RpcSaslProto {
  version?: number;
  /** SaslState. */
  state: number;
  token?: Uint8Array;
  auths?: SaslAuth[];
}

export interface RequestHeaderProto {
  methodName: string;
  declaringClassProtocolName: string;
  clientProtocolVersion: number;
}

export interface UserInformationProto {
  effectiveUser?: string;
  realUser?: string;
}

export interface IpcConnectionContextProto {
  userInfo?: UserInformationProto;
  protocol?: string;
}

export interface TokenProto {
  identifier: Uint8Array;
  password: Uint8Array;
  kind: string;
  service: string;
}

export interface CredentialsKVProto {
  alias: string;
  token?: TokenProto;
  secret?: Uint8Array;
}

export interface CredentialsProto {
  tokens?: CredentialsKVProto[];
  secrets?: CredentialsKVProto[];
}

export const rpcRequestHeaderProto = codec<RpcRequestHeaderProto>("RpcRequestHeaderProto");
export const rpcResponseHeaderProto = codec<RpcResponseHeaderProto>("RpcResponseHeaderProto");
export const rpcSaslProto = codec<RpcSaslProto>("RpcSaslProto");
export const requestHeaderProto = codec<RequestHeaderProto>("RequestHeaderProto");
export const ipcConnectionContextProto = codec<IpcConnectionContextProto>("IpcConnectionContextProto");
export const tokenProto = codec<TokenProto>("TokenProto");
export const credentialsProto = codec<CredentialsProto>("CredentialsProto");

export const RpcKind = { RPC_PROTOCOL_BUFFER: 2 } as const;
export const RpcOp = { RPC_FINAL_PACKET: 0 } as const;
export const RpcStatus = { SUCCESS: 0, ERROR: 1, FATAL: 2 } as const;
export const SaslState = { SUCCESS: 0, NEGOTIATE: 1, INITIATE: 2, CHALLENGE: 3, RESPONSE: 4, WRAP: 5 } as const;
export type SaslStateValue = (typeof SaslState)[keyof typeof SaslState];

/** Name of an RpcErrorCodeProto value, for error messages and RpcRemoteError.errorDetail. */
export function rpcErrorCodeName(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const e = rpcRoot.lookupEnum("hadoop.common.RpcResponseHeaderProto.RpcErrorCodeProto");
  return e.valuesById[value] ?? `UNKNOWN_${value}`;
}
