// Decoding one response frame (hadoop-common Client.Connection.receiveRpcResponse):
// delimited RpcResponseHeaderProto, then the response message when status is SUCCESS.
import { FrameError, RpcRemoteError } from "../errors.js";
import { splitDelimited } from "./frame.js";
import { rpcErrorCodeName, rpcResponseHeaderProto, RpcStatus } from "./rpc-proto.js";

export type RpcStatusName = "SUCCESS" | "ERROR" | "FATAL";

export interface RpcResponse {
  /** As a signed int32: the header carries it as uint32, so -33 arrives as 4294967263. */
  callId: number;
  status: RpcStatusName;
  exceptionClassName?: string;
  errorMsg?: string;
  errorDetail?: string;
  serverIpcVersionNum?: number;
  /** The response message bytes (SUCCESS only; may be empty for a message with no set fields). */
  body?: Buffer;
}

const STATUS_NAMES: Record<number, RpcStatusName> = {
  [RpcStatus.SUCCESS]: "SUCCESS",
  [RpcStatus.ERROR]: "ERROR",
  [RpcStatus.FATAL]: "FATAL",
};

export function decodeResponseFrame(frameBody: Uint8Array): RpcResponse {
  const parts = splitDelimited(frameBody);
  const [header] = parts;
  if (header === undefined) throw new FrameError("empty response frame");
  // protobufjs enforces proto2 `required`: a header without callId or status is a FrameError here.
  const h = rpcResponseHeaderProto.decode(header);
  const status = STATUS_NAMES[h.status];
  if (!status) throw new FrameError(`unknown RPC status ${h.status}`);
  const out: RpcResponse = { callId: h.callId | 0, status };
  if (h.exceptionClassName !== undefined) out.exceptionClassName = h.exceptionClassName;
  if (h.errorMsg !== undefined) out.errorMsg = h.errorMsg;
  if (h.errorDetail !== undefined) out.errorDetail = rpcErrorCodeName(h.errorDetail);
  if (h.serverIpcVersionNum !== undefined) out.serverIpcVersionNum = h.serverIpcVersionNum;
  if (status === "SUCCESS") out.body = parts[1] ?? Buffer.alloc(0);
  return out;
}

/** The typed error for an ERROR or FATAL response. */
export function remoteErrorOf(r: RpcResponse, method?: string): RpcRemoteError {
  const cls = r.exceptionClassName ?? "java.io.IOException";
  // errorMsg is usually the server's stringified exception; its first line is the useful part.
  const msg = r.errorMsg ?? (r.serverIpcVersionNum !== undefined ? `server IPC version ${r.serverIpcVersionNum}` : "");
  return new RpcRemoteError(cls, msg, r.status === "FATAL", r.errorDetail, method);
}
