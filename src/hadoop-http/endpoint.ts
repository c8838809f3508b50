// One HTTP layer for Hadoop's web endpoints (RM REST, WebHDFS, NodeManager web services): the
// address list with failover that remembers the one that answered, authentication, TLS and
// timeouts. The RM, NameNode and NodeManager clients are thin policies on top: they decide what
// a "standby" answer looks like and how errors read. Redirects are never followed here (WebHDFS
// sends the data step to a DataNode; a standby RM names the active one): callers act on them.
import type { AxiosResponse, Method, ResponseType } from "axios";
import type { Agent } from "node:https";
import type { Readable } from "node:stream";
import { TsdaskError } from "../errors.js";
import type { HttpAuth } from "./auth.js";
import { checkForbidden, unauthorized } from "./refusals.js";
import { EndpointUnreachable, isNetworkError, networkReason } from "./retry.js";
import { certificateError, httpsAgent, type TlsSettings } from "./tls.js";
import { plainExchange } from "./transport.js";

export interface HadoopHttpOptions {
  /** Base URLs (scheme://host:port), in the order to try them. */
  readonly urls: readonly string[];
  readonly auth: HttpAuth;
  /** Deadline of one exchange with one address. */
  readonly timeoutMs: number;
  readonly tls?: TlsSettings;
  /** For messages, e.g. "ResourceManager". */
  readonly role: string;
}

export interface Exchange {
  readonly method: Method;
  /** Absolute URL. */
  readonly url: string;
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly data?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly responseType?: ResponseType;
  /** Overrides the endpoint's deadline (e.g. the idle deadline of a streamed transfer). */
  readonly timeoutMs?: number;
  /**
   * false when the URL already carries its authentication (a DataNode redirect); "headers" when
   * only the query does (a standby RM's redirect keeps user.name/doas but SPNEGO needs its header).
   */
  readonly authenticate?: boolean | "headers";
  /** The caller's abort (e.g. Ctrl-C during an upload): the request stops at once. */
  readonly signal?: AbortSignal;
}

/** What one address said: a result, or a reason to try the next address. */
export type Attempt<T> = { readonly ok: T } | { readonly next: string };

export class HadoopHttp {
  private readonly urls: string[];
  /** One of urls: the address tried first. */
  private active: string;
  readonly auth: HttpAuth;
  readonly timeoutMs: number;
  readonly role: string;
  private readonly agent: Agent | undefined;

  constructor(options: HadoopHttpOptions) {
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ""));
    const [first] = this.urls;
    if (first === undefined) {
      throw new TsdaskError(
        "ADDRESS_MISSING",
        `no ${options.role} address given`,
        `Set HADOOP_CONF_DIR or pass the ${options.role} web address.`,
      );
    }
    this.active = first;
    this.auth = options.auth;
    this.timeoutMs = options.timeoutMs;
    this.role = options.role;
    this.agent = httpsAgent(options.tls);
  }

  /** The address that answered last (the active one under HA). */
  get activeUrl(): string {
    return this.active;
  }

  /**
   * Runs `attempt` on each address from the active one on. An address that does not answer, or
   * whose attempt says `next`, passes to the following one; the first `ok` wins and its address
   * (or the one it names, learnt from a redirect) is tried first next time.
   */
  async failover<T>(
    attempt: (base: string) => Promise<Attempt<T> & { readonly answeredBy?: string }>,
    unreachable: (tried: readonly string[]) => Error,
  ): Promise<T> {
    const tried: string[] = [];
    const start = this.urls.indexOf(this.active);
    for (const base of [...this.urls.slice(start), ...this.urls.slice(0, start)]) {
      let outcome: Attempt<T> & { readonly answeredBy?: string };
      try {
        outcome = await attempt(base);
      } catch (e) {
        if (!(e instanceof EndpointUnreachable)) throw e;
        tried.push(`${base} (${e.reason})`);
        continue;
      }
      if ("ok" in outcome) {
        this.active = this.remember(outcome.answeredBy, base);
        return outcome.ok;
      }
      tried.push(`${base} (${outcome.next})`);
    }
    throw unreachable(tried);
  }

  /** One HTTP exchange; any HTTP status is returned. Throws EndpointUnreachable when nothing answered. */
  async exchange(x: Exchange): Promise<AxiosResponse> {
    const authenticate = x.authenticate ?? true;
    const host = new URL(x.url).hostname;
    const timeout = x.timeoutMs ?? this.timeoutMs;
    const streamed = x.responseType === "stream" || isStream(x.data);
    // A body stream already flowing (a progress listener) would lose chunks while we await the
    // auth headers or axios's loading: hold it until axios pipes it (pipe resumes it).
    if (isStream(x.data)) (x.data as Readable).pause();
    let res: AxiosResponse;
    const params = authenticate === true ? { ...x.params, ...this.auth.params } : x.params;
    const headers = { ...x.headers, ...(authenticate !== false ? await this.auth.headers(host) : {}) };
    try {
      if (isJson(x.data)) {
        // No body, or a JSON one: node:http directly (transport.ts); the response has the fields callers read.
        res = (await plainExchange({
          method: x.method,
          url: x.url,
          ...(params ? { params } : {}),
          json: x.data,
          headers,
          ...(x.responseType ? { responseType: x.responseType } : {}),
          timeoutMs: timeout,
          ...(x.signal ? { signal: x.signal } : {}),
          ...(this.agent ? { agent: this.agent } : {}),
        })) as unknown as AxiosResponse;
      } else {
        // A streamed or binary upload: axios, loaded only for it.
        const { default: axios } = await import("axios");
        res = await axios.request({
          method: x.method,
          url: x.url,
          params,
          data: x.data,
          headers,
          responseType: x.responseType,
          timeout,
          // A whole-exchange deadline for metadata calls; streams only get the idle deadline.
          ...(deadlineOf(streamed ? undefined : AbortSignal.timeout(timeout), x.signal) ?? {}),
          httpsAgent: this.agent,
          maxRedirects: 0,
          maxBodyLength: Infinity,
          maxContentLength: Infinity,
          validateStatus: () => true,
        });
      }
    } catch (e) {
      const cert = certificateError(e, x.url);
      if (cert) throw cert;
      if (isNetworkError(e)) throw new EndpointUnreachable(x.url, networkReason(e, timeout), { cause: e });
      throw e;
    }
    if (res.status === 401) throw await unauthorized(res, x.url, this.role, this.auth);
    if (res.status === 403) await checkForbidden(res, x.url, this.role, this.auth);
    return res;
  }

  /** The address to try first next time: the one tried, or the origin that answered (learnt if new). */
  private remember(origin: string | undefined, tried: string): string {
    if (!origin || new URL(tried).origin === origin) return tried;
    const known = this.urls.find((u) => new URL(u).origin === origin);
    if (known === undefined) this.urls.push(origin);
    return known ?? origin;
  }
}

/** Nothing, or a plain object/array/number: what plainExchange sends (as JSON). */
function isJson(data: unknown): boolean {
  if (data === undefined || data === null) return true;
  if (typeof data !== "object") return typeof data === "number" || typeof data === "boolean";
  const proto = Object.getPrototypeOf(data) as unknown;
  return Array.isArray(data) || proto === Object.prototype || proto === null;
}

function isStream(data: unknown): boolean {
  return typeof (data as { pipe?: unknown } | undefined)?.pipe === "function";
}

/** The exchange's abort signal: the metadata deadline, the caller's signal, or either. */
function deadlineOf(
  deadline: AbortSignal | undefined,
  caller: AbortSignal | undefined,
): { signal: AbortSignal } | undefined {
  if (deadline && caller) return { signal: AbortSignal.any([deadline, caller]) };
  const signal = deadline ?? caller;
  return signal ? { signal } : undefined;
}
