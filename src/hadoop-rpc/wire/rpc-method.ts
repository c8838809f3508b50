// One method of a Hadoop RPC protocol as pure codecs: what RpcClient.call needs to send a typed
// request and hand back a typed response, with no I/O (so every message is tested on bytes).
export interface RpcMethod<Req, Res> {
  /** Bare method name as RequestHeaderProto.methodName carries it, e.g. "allocate". */
  readonly name: string;
  requestTo(request: Req): Uint8Array;
  responseFrom(bytes: Uint8Array): Res;
}
