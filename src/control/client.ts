// The control API client. It is bundled into the in-container service wrapper, so it stands on
// node:http alone (no axios) and stays small. One connection per request (agent: false): the API
// is called rarely, and a fresh socket avoids racing the server's keep-alive close.
import http from "node:http";
import https from "node:https";
import { ControlError, controlResponseError } from "./errors.js";
import { kvKeyProblem, kvPath, MAX_KV_WAIT_MS, ROUTES, type AdaptResponse } from "./routes.js";
import type {
  CredentialsRequest,
  CredentialsResponse,
  FinalStatus,
  KvValueResponse,
  ScaleResponse,
  ShutdownResponse,
  StatusReport,
} from "./types.js";

export interface ControlClientOptions {
  /** Deadline of one request (a long-poll gets its wait time on top). Default 15 s. */
  readonly timeoutMs?: number;
  /**
   * The application's CA certificate (PEM). An https control URL is verified against it alone,
   * host name included: the AM's certificate is issued for the host it listens on.
   */
  readonly ca?: string;
}

/** Answers bigger than this are not a status report; refuse rather than buffer without bound. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The server checks keys too; checking here gives the right message for keys a URL cannot carry. */
function checkKey(key: string): void {
  const problem = kvKeyProblem(key);
  if (problem) throw new ControlError("CONTROL_BAD_REQUEST", `invalid key ${JSON.stringify(key)}: ${problem}`);
}

export class ControlClient {
  readonly baseUrl: string;
  // A private field: util.inspect and JSON.stringify of the client never show the secret.
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #ca: string | undefined;

  constructor(baseUrl: string, secret: string, options: ControlClientOptions = {}) {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ControlError("CONTROL_BAD_REQUEST", `control URL must be http(s), got ${url.protocol}`);
    }
    this.baseUrl = url.href.replace(/\/+$/, "");
    this.#secret = secret;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#ca = options.ca;
    if (url.protocol === "https:" && !options.ca) {
      // The system's CAs never signed an AM certificate: without the app's CA nothing would verify.
      throw new ControlError("CONTROL_BAD_REQUEST", "an https control URL needs the application's CA certificate");
    }
  }

  status(): Promise<StatusReport> {
    return this.#call("GET", ROUTES.status, undefined, this.#timeoutMs, "status");
  }

  scale(service: string, instances: number): Promise<ScaleResponse> {
    return this.#call("POST", ROUTES.scale, { service, instances }, this.#timeoutMs, `scale ${service}`);
  }

  /**
   * Turns on (or changes) adaptive scaling of a dask worker service: the AM polls the scheduler's
   * adaptive target and keeps the count within [minimum, maximum]. A later scale() turns it off.
   */
  adapt(service: string, minimum: number, maximum: number): Promise<AdaptResponse> {
    return this.#call("POST", ROUTES.adapt, { service, minimum, maximum }, this.#timeoutMs, `adapt ${service}`);
  }

  /** Hands the AM fresh delegation tokens (alias → URL string) for itself and its containers. */
  refreshCredentials(request: CredentialsRequest): Promise<CredentialsResponse> {
    return this.#call("POST", ROUTES.credentials, request, this.#timeoutMs, "credentials refresh");
  }

  shutdown(finalStatus: FinalStatus, diagnostics?: string): Promise<ShutdownResponse> {
    return this.#call("POST", ROUTES.shutdown, { finalStatus, diagnostics }, this.#timeoutMs, "shutdown");
  }

  /** The value of `key`, or undefined when it was never written. */
  async kvGet(key: string): Promise<string | undefined> {
    checkKey(key);
    try {
      const r = await this.#call<KvValueResponse>("GET", kvPath(key), undefined, this.#timeoutMs, `get '${key}'`);
      return r.value;
    } catch (err) {
      if (err instanceof ControlError && err.serverCode === "KV_NOT_FOUND") return undefined;
      throw err;
    }
  }

  async kvPut(key: string, value: string): Promise<void> {
    checkKey(key);
    await this.#call("PUT", kvPath(key), { value }, this.#timeoutMs, `put '${key}'`);
  }

  /**
   * The value of `key` as soon as it is written (at once if it already is). Throws
   * CONTROL_KV_WAIT_TIMEOUT when `timeoutMs` passes first. Waits longer than one server long-poll
   * (MAX_KV_WAIT_MS) are a series of long-polls. `signal` ends the wait early with its reason.
   */
  async kvWait(key: string, timeoutMs: number, options: { signal?: AbortSignal } = {}): Promise<string> {
    checkKey(key);
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      const wait = Math.min(Math.max(0, deadline - Date.now()), MAX_KV_WAIT_MS);
      try {
        const path = `${kvPath(key)}?wait=${wait}`;
        const what = `wait '${key}'`;
        const r = await this.#call<KvValueResponse>(
          "GET",
          path,
          undefined,
          wait + this.#timeoutMs,
          what,
          options.signal,
        );
        return r.value;
      } catch (err) {
        if (!(err instanceof ControlError) || err.code !== "CONTROL_KV_WAIT_TIMEOUT") throw err;
        if (Date.now() < deadline) continue;
        throw new ControlError(
          "CONTROL_KV_WAIT_TIMEOUT",
          `key '${key}' was not written within ${timeoutMs} ms`,
          "The service that publishes this key has not started or failed; check 'tsdask-yarn status'.",
          err.httpStatus,
          err.serverCode,
        );
      }
    }
  }

  #call<T>(
    method: string,
    path: string,
    body: unknown,
    timeoutMs: number,
    what: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      Authorization: `Bearer ${this.#secret}`,
      Accept: "application/json",
    };
    if (payload) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = payload.length;
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(value as T);
      };
      const req =
        url.protocol === "https:"
          ? https.request(url, { method, headers, agent: false, ca: this.#ca })
          : http.request(url, { method, headers, agent: false });
      const timer = setTimeout(() => {
        settle(new ControlError("CONTROL_TIMEOUT", `${what}: no answer from ${this.baseUrl} in ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      // The caller gave up (e.g. the wrapper got SIGTERM): reject with its reason, as fetch does.
      const onAbort = () => {
        settle(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
        req.destroy();
      };
      if (signal?.aborted) queueMicrotask(onAbort);
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("close", () => signal?.removeEventListener("abort", onAbort));
      req.on("error", (err) => {
        settle(
          new ControlError(
            "CONTROL_UNREACHABLE",
            `${what}: cannot reach the ApplicationMaster at ${this.baseUrl}: ${err.message}`,
            undefined,
            undefined,
            undefined,
            { cause: err },
          ),
        );
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            settle(new ControlError("CONTROL_SERVER_ERROR", `${what}: answer larger than ${MAX_RESPONSE_BYTES} bytes`));
            req.destroy();
          } else chunks.push(c);
        });
        res.on("error", (err) => settle(new ControlError("CONTROL_UNREACHABLE", `${what}: ${err.message}`)));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) return settle(controlResponseError(what, status, text));
          try {
            settle(undefined, JSON.parse(text) as T);
          } catch {
            settle(new ControlError("CONTROL_SERVER_ERROR", `${what}: the answer is not JSON`, undefined, status));
          }
        });
      });
      req.end(payload);
    });
  }
}
