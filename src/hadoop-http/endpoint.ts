// One HTTP layer for Hadoop's web endpoints (RM REST, WebHDFS, NodeManager web services): the
// address list with failover that remembers the one that answered, authentication, TLS and
// timeouts. The RM, NameNode and NodeManager clients are thin policies on top: they decide what
// a "standby" answer looks like and how errors read. Redirects are never followed here (WebHDFS
// sends the data step to a DataNode; a standby RM names the active one): callers act on them.
import axios, { type AxiosResponse, type Method, type ResponseType } from "axios";
import type { Agent } from "node:https";
import { TsdaskError } from "../errors.js";
import type { HttpAuth } from "./auth.js";
import { checkForbidden, unauthorized } from "./refusals.js";
import { EndpointUnreachable, isNetworkError, networkReason } from "./retry.js";
import { certificateError, httpsAgent, type TlsSettings } from "./tls.js";

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
  private active = 0;
  readonly auth: HttpAuth;
  readonly timeoutMs: number;
  readonly role: string;
  private readonly agent: Agent | undefined;

  constructor(options: HadoopHttpOptions) {
    if (options.urls.length === 0) {
      throw new TsdaskError(
        "ADDRESS_MISSING",
        `no ${options.role} address given`,
        `Set HADOOP_CONF_DIR or pass the ${options.role} web address.`,
      );
    }
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ""));
    this.auth = options.auth;
    this.timeoutMs = options.timeoutMs;
    this.role = options.role;
    this.agent = httpsAgent(options.tls);
  }

  /** The address that answered last (the active one under HA). */
  get activeUrl(): string {
    return this.urls[this.active];
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
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.active + i) % this.urls.length;
      let outcome: Attempt<T> & { readonly answeredBy?: string };
      try {
        outcome = await attempt(this.urls[index]);
      } catch (e) {
        if (!(e instanceof EndpointUnreachable)) throw e;
        tried.push(`${this.urls[index]} (${e.reason})`);
        continue;
      }
      if ("ok" in outcome) {
        this.active = this.remember(outcome.answeredBy, index);
        return outcome.ok;
      }
      tried.push(`${this.urls[index]} (${outcome.next})`);
    }
    throw unreachable(tried);
  }

  /** One HTTP exchange; any HTTP status is returned. Throws EndpointUnreachable when nothing answered. */
  async exchange(x: Exchange): Promise<AxiosResponse> {
    const authenticate = x.authenticate ?? true;
    const host = new URL(x.url).hostname;
    const timeout = x.timeoutMs ?? this.timeoutMs;
    const streamed = x.responseType === "stream" || isStream(x.data);
    let res: AxiosResponse;
    try {
      res = await axios.request({
        method: x.method,
        url: x.url,
        params: authenticate === true ? { ...x.params, ...this.auth.params } : x.params,
        data: x.data,
        headers: { ...x.headers, ...(authenticate !== false ? await this.auth.headers(host) : {}) },
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

  private remember(origin: string | undefined, tried: number): number {
    if (!origin || new URL(this.urls[tried]).origin === origin) return tried;
    const known = this.urls.findIndex((u) => new URL(u).origin === origin);
    return known >= 0 ? known : this.urls.push(origin) - 1;
  }
}

function isStream(data: unknown): boolean {
  return typeof (data as { pipe?: unknown } | undefined)?.pipe === "function";
}

/** The exchange's abort signal: the metadata deadline, the caller's signal, or either. */
function deadlineOf(
  deadline: AbortSignal | undefined,
  caller: AbortSignal | undefined,
): { signal: AbortSignal } | undefined {
  const signals = [deadline, caller].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return undefined;
  return { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) };
}
