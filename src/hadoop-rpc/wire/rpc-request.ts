// Builders for every frame the client sends (docs/design.md §10). All pure:
// they return the bytes, the transport writes them.
import { randomUUID } from "node:crypto";
import { CallId, INVALID_RETRY_COUNT } from "./call-ids.js";
import { encodeFrame } from "./frame.js";
import {
  ipcConnectionContextProto,
  requestHeaderProto,
  RpcKind,
  RpcOp,
  rpcRequestHeaderProto,
  rpcSaslProto,
  type RpcSaslProto,
} from "./rpc-proto.js";

/** A 16-byte id, as Java's ClientId.getClientId (UUID msb ‖ lsb). */
export function newClientId(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ""), "hex");
}

/** One client id for the whole process, like Java's one-per-Client id: the retry cache relies on it. */
export const PROCESS_CLIENT_ID: Buffer = newClientId();

export interface RequestHeader {
  callId: number;
  clientId: Uint8Array;
  retryCount: number;
}

export function encodeRpcRequestHeader(h: RequestHeader): Uint8Array {
  // rpcKind and rpcOp are set explicitly so they reach the wire even though rpcOp is 0.
  return rpcRequestHeaderProto.encode({
    rpcKind: RpcKind.RPC_PROTOCOL_BUFFER,
    rpcOp: RpcOp.RPC_FINAL_PACKET,
    callId: h.callId,
    clientId: h.clientId,
    retryCount: h.retryCount,
  });
}

export interface CallRequest {
  callId: number;
  clientId: Uint8Array;
  /** Bare method name, e.g. "allocate". */
  method: string;
  /** e.g. org.apache.hadoop.yarn.api.ApplicationMasterProtocolPB */
  protocol: string;
  protocolVersion: number;
  /** The encoded request message. */
  request: Uint8Array;
  retryCount?: number;
}

export function encodeCallFrame(c: CallRequest): Buffer {
  const header = encodeRpcRequestHeader({ callId: c.callId, clientId: c.clientId, retryCount: c.retryCount ?? 0 });
  const requestHeader = requestHeaderProto.encode({
    methodName: c.method,
    declaringClassProtocolName: c.protocol,
    clientProtocolVersion: c.protocolVersion,
  });
  return encodeFrame([header, requestHeader, c.request]);
}

/** A SASL frame: header with callId -33 and an empty clientId, then one RpcSaslProto. */
export function encodeSaslFrame(sasl: RpcSaslProto): Buffer {
  const header = encodeRpcRequestHeader({
    callId: CallId.SASL,
    clientId: new Uint8Array(0),
    retryCount: INVALID_RETRY_COUNT,
  });
  return encodeFrame([header, rpcSaslProto.encode(sasl)]);
}

/**
 * The connection context. With TOKEN auth the token already names the user, so like Java
 * (ProtoUtil.makeIpcConnectionContext) we send no userInfo: a mismatching effectiveUser is FATAL.
 */
export function encodeConnectionContextFrame(protocol: string, clientId: Uint8Array): Buffer {
  const header = encodeRpcRequestHeader({
    callId: CallId.CONNECTION_CONTEXT,
    clientId,
    retryCount: INVALID_RETRY_COUNT,
  });
  const context = ipcConnectionContextProto.encode({ protocol });
  return encodeFrame([header, context]);
}

/** A ping: a header alone. The server reads it and sends nothing back. */
export function encodePingFrame(clientId: Uint8Array): Buffer {
  return encodeFrame([encodeRpcRequestHeader({ callId: CallId.PING, clientId, retryCount: INVALID_RETRY_COUNT })]);
}
