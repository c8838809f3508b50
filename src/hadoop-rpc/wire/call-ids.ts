// Special call ids (hadoop-common RpcConstants and Server.AuthProtocol). Normal calls use
// 0,1,2,… per connection; the server keys its retry cache on (clientId, callId).
export const CallId = {
  /** Server → client fatal auth failures before SASL. */
  AUTHORIZATION_FAILED: -1,
  INVALID: -2,
  /** The IpcConnectionContextProto frame sent after SASL. */
  CONNECTION_CONTEXT: -3,
  /** Keep-alive ping; the server never answers it. */
  PING: -4,
  /** Every SASL message, including WRAP envelopes. */
  SASL: -33,
} as const;

/** RpcConstants.INVALID_RETRY_COUNT: used on SASL, context and ping frames. */
export const INVALID_RETRY_COUNT = -1;

/** Java's Client.nextCallId: a counter masked to a non-negative int32. */
export class CallIdCounter {
  private next = 0;
  take(): number {
    const id = this.next;
    this.next = (this.next + 1) & 0x7fffffff;
    return id;
  }
}
