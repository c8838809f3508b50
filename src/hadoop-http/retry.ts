// Which failures mean "this endpoint did not answer, try the next one": the one list for the RM,
// NameNode and NodeManager clients. Everything else (an HTTP answer, a certificate that does not
// verify, a Kerberos failure) is an answer and is never retried on another address.

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ERR_CANCELED",
  "EPIPE",
]);

/** axios's cancellation (CanceledError carries __CANCEL__), without loading axios to ask it. */
const isCancel = (e: unknown) => (e as { __CANCEL__?: boolean } | undefined)?.__CANCEL__ === true;

export function isNetworkError(e: unknown): boolean {
  return NETWORK_CODES.has((e as { code?: string })?.code ?? "") || isCancel(e);
}

/** A short reason for the "tried …" list of an unreachable-service error. */
export function networkReason(e: unknown, timeoutMs: number): string {
  const code = (e as { code?: string })?.code;
  return code === "ECONNABORTED" || code === "ERR_CANCELED" || isCancel(e)
    ? `no answer within ${timeoutMs} ms`
    : (code ?? (e as Error).message);
}

/** Thrown by HadoopHttp.exchange when the endpoint did not answer; failover moves on. */
export class EndpointUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${new URL(url).origin} (${reason})`, options);
  }
}
