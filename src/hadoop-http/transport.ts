// The exchanges that carry no streamed body (reports, metadata, reading a file, a JSON submit)
// over node:http itself. axios (with form-data and mime-db, ~0.4 MB of JavaScript to load) stays
// for uploads, which stream a body with progress: endpoint.ts loads it only then, so `status`,
// `list`, `scale` and `kill` start in about the time of `node -e 0` (bench: status).
// What the callers rely on is kept as axios gave it: any HTTP status is an answer, redirects are
// not followed, a JSON body is parsed (else left as text), `arraybuffer` gives a Buffer and
// `stream` the response itself; network failures keep Node's codes, a deadline is ERR_CANCELED
// (whole exchange) or ECONNABORTED (idle stream), as axios named them.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest, type Agent } from "node:https";

export interface PlainRequest {
  readonly method: string;
  readonly url: string;
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON-able value, sent as JSON; undefined = no body. */
  readonly json?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly responseType?: "arraybuffer" | "stream" | "json" | "text" | string;
  /** Whole exchange (metadata), or idle time on the socket (a streamed response). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly agent?: Agent;
}

export interface PlainResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  data: unknown;
}

/** The URL with `params` appended (undefined ones left out), as axios serialized them. */
export function withParams(url: string, params: PlainRequest["params"] = {}): URL {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) u.searchParams.append(k, String(v));
  return u;
}

const codeError = (message: string, code: string) => Object.assign(new Error(message), { code });

export function plainExchange(x: PlainRequest): Promise<PlainResponse> {
  const url = withParams(x.url, x.params);
  const body = x.json === undefined ? undefined : Buffer.from(JSON.stringify(x.json));
  const headers: Record<string, string> = {
    // axios's Accept: the RM's web services answer JSON to it (they can answer XML too).
    Accept: "application/json, text/plain, */*",
    ...(body ? { "Content-Type": "application/json", "Content-Length": String(body.length) } : {}),
    ...x.headers,
  };
  const streamed = x.responseType === "stream";
  const deadline = streamed ? undefined : AbortSignal.timeout(x.timeoutMs);
  const signals = [deadline, x.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  return new Promise<PlainResponse>((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: x.method, headers, ...(x.agent ? { agent: x.agent } : {}) });
    const abort = () => req.destroy(codeError(`the exchange with ${url.origin} was cancelled`, "ERR_CANCELED"));
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    const done = () => signal?.removeEventListener("abort", abort);
    req.setTimeout(x.timeoutMs, () => req.destroy(codeError(`timeout of ${x.timeoutMs}ms exceeded`, "ECONNABORTED")));
    req.on("error", (e) => {
      done();
      reject(e);
    });
    req.on("response", (res: IncomingMessage) => {
      const answer = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: res.headers };
      if (streamed) {
        done();
        resolve({ ...answer, data: res });
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => {
        done();
        reject(e);
      });
      res.on("end", () => {
        done();
        const bytes = Buffer.concat(chunks);
        resolve({ ...answer, data: decode(bytes, x.responseType) });
      });
    });
    req.end(body);
  });
}

/** As axios leaves a body: Buffer for arraybuffer, else text, parsed when it is JSON. */
function decode(bytes: Buffer, responseType: PlainRequest["responseType"]): unknown {
  if (responseType === "arraybuffer") return bytes;
  const text = bytes.toString("utf8");
  if (responseType === "text" || !text) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
