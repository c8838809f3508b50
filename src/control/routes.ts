// Routes and limits of the control API, shared by the AM's server and the client so the two cannot
// drift. Every route under API_PREFIX needs `Authorization: Bearer <secret>`; the overview page at
// "/" does not (it shows nothing secret, and the RM web proxy does not forward our header anyway).

export const API_PREFIX = "/api/v1";

export const ROUTES = {
  /** GET → StatusReport */
  status: `${API_PREFIX}/status`,
  /** POST ScaleRequest → ScaleResponse */
  scale: `${API_PREFIX}/scale`,
  /** POST ShutdownRequest → 202 ShutdownResponse */
  shutdown: `${API_PREFIX}/shutdown`,
  /** POST AdaptRequest → AdaptResponse: the AM scales a dask worker service between limits itself. */
  adapt: `${API_PREFIX}/adapt`,
  /**
   * POST CredentialsRequest → CredentialsResponse: fresh delegation tokens for a running
   * application (`credentials refresh`); the AM uses them, journals them and pushes them to its
   * containers (see CREDENTIALS_KV).
   */
  credentials: `${API_PREFIX}/credentials`,
  /**
   * Prefix of the key-value routes: GET <prefix><key> → KvValueResponse (404 KV_NOT_FOUND),
   * GET <prefix><key>?wait=<ms> long-polls, PUT <prefix><key> KvPutRequest → KvValueResponse.
   */
  kv: `${API_PREFIX}/kv/`,
} as const;

/** Request bodies above this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Longest single long-poll the server accepts. Longer waits are a loop of these on the client, so
 * no request sits idle for minutes (idle sockets get cut by firewalls and NAT on some clusters).
 */
export const MAX_KV_WAIT_MS = 60_000;

export const MAX_KEY_LENGTH = 256;
export const MAX_DIAGNOSTICS_LENGTH = 16 * 1024;
/** A sanity bound, far above any real YARN cluster's container count for one service. */
export const MAX_INSTANCES = 100_000;

/** The server's error codes (in ErrorResponse.error.code). The client maps them to CONTROL_* codes. */
export const SERVER_ERROR_CODES = [
  "UNAUTHORIZED",
  "BAD_REQUEST",
  "UNKNOWN_SERVICE",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "PAYLOAD_TOO_LARGE",
  "KV_NOT_FOUND",
  "KV_WAIT_TIMEOUT",
  "AM_STOPPING",
  "CONFLICT",
  // 409: a scale the AM never accepts (a singleton service, more than the queue can hold).
  "SCALE_REFUSED",
  "INTERNAL",
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Why a key-value key is not acceptable, or undefined when it is. */
export function kvKeyProblem(key: string): string | undefined {
  if (key.length === 0) return "the key is empty";
  if (key.length > MAX_KEY_LENGTH) return `the key is longer than ${MAX_KEY_LENGTH} characters`;
  // Control characters would end up in logs and in the journal; nobody needs them in a key.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return "the key contains control characters";
  // URL parsers fold a path segment "." or ".." (even percent-encoded) into its parent.
  if (key === "." || key === "..") return `the key cannot be "${key}"`;
  return undefined;
}

/** Path of one key: keys may hold '/', '.', spaces or any Unicode, so they are percent-encoded. */
export function kvPath(key: string): string {
  return ROUTES.kv + encodeURIComponent(key);
}

/** Body of POST ROUTES.adapt (whole numbers, 0 ≤ minimum ≤ maximum ≤ MAX_INSTANCES). */
export interface AdaptRequest {
  readonly service: string;
  readonly minimum: number;
  readonly maximum: number;
}

/** Answer of POST ROUTES.adapt: the limits the AM now scales between. */
export interface AdaptResponse {
  readonly service: string;
  readonly minimum: number;
  readonly maximum: number;
}
