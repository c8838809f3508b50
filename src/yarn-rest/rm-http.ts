// HTTP to the ResourceManager web service with RM HA: try each RM in turn, follow the standby RM's
// redirect to the active one, and remember which RM answered so later calls go there first.
//
// A standby RM answers every non-exempt request with 307, `Location: <active RM URL>` and the body
// "This is standby RM. The redirect url is: …" (RMWebAppFilter). Redirects are followed by hand so
// that POST/PUT keep their method and body, and so we learn the active RM's address.
import axios, { type AxiosResponse, type Method } from "axios";
import { TsdaskError } from "../errors.js";
import { rmResponseError } from "./errors.js";

export interface RmHttpOptions {
  /** RM web base URLs (e.g. http://rm1:8088), in the order to try them. */
  readonly urls: readonly string[];
  /** Simple-auth user sent as `user.name` (Hadoop's PseudoAuthenticationHandler). */
  readonly user?: string;
  /** Deadline for one HTTP exchange with one RM; an unreachable RM fails within this. */
  readonly timeoutMs?: number;
}

export interface RmRequest {
  readonly method: Method;
  /** Path under the RM root, e.g. /ws/v1/cluster/apps. */
  readonly path: string;
  readonly params?: Record<string, string | number | undefined>;
  readonly data?: unknown;
  /** Used in error messages, e.g. "submitting application_…". */
  readonly what: string;
}

const MAX_REDIRECTS = 4;
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

export class ResourceManagerHttp {
  private readonly urls: string[];
  private active = 0;
  readonly user: string | undefined;
  readonly timeoutMs: number;

  constructor(options: RmHttpOptions) {
    if (options.urls.length === 0) {
      throw new TsdaskError(
        "ADDRESS_MISSING",
        "no ResourceManager address given",
        "Set HADOOP_CONF_DIR or pass the RM web address.",
      );
    }
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ""));
    this.user = options.user;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The RM that answered last (the active one under HA). */
  get activeUrl(): string {
    return this.urls[this.active]!;
  }

  async request<T>(req: RmRequest): Promise<AxiosResponse<T>> {
    const tried: string[] = [];
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.active + i) % this.urls.length;
      const outcome = await this.tryOne<T>(this.urls[index]!, req);
      if ("response" in outcome) {
        this.active = this.rememberActive(outcome.answeredBy, index);
        return outcome.response;
      }
      tried.push(`${this.urls[index]} (${outcome.failure})`);
    }
    throw new TsdaskError(
      "RM_UNREACHABLE",
      `${req.what}: no active ResourceManager answered; tried ${tried.join(", ")}`,
      "Check that the ResourceManager is running and that yarn.resourcemanager.webapp.address (or the RM address given) is right.",
    );
  }

  private async tryOne<T>(
    base: string,
    req: RmRequest,
  ): Promise<{ response: AxiosResponse<T>; answeredBy: string } | { failure: string }> {
    let url = base + req.path;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let res: AxiosResponse;
      try {
        res = await axios.request({
          method: req.method,
          url,
          params: hop === 0 ? { ...req.params, "user.name": this.user } : undefined,
          data: req.data,
          headers: req.data === undefined ? {} : { "Content-Type": "application/json" },
          timeout: this.timeoutMs,
          signal: AbortSignal.timeout(this.timeoutMs),
          maxRedirects: 0,
          validateStatus: () => true,
        });
      } catch (e) {
        const code = (e as { code?: string }).code ?? "";
        if (NETWORK_CODES.has(code) || axios.isCancel(e)) {
          return {
            failure:
              code === "ECONNABORTED" || code === "ERR_CANCELED" ? `no answer within ${this.timeoutMs} ms` : code,
          };
        }
        throw e;
      }
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.location as string | undefined;
        if (!location)
          return { failure: `HTTP ${res.status} without a Location (standby RM that does not know the active one?)` };
        // The standby's Location carries the original path and query (user.name included).
        url = new URL(location, url).toString();
        continue;
      }
      if (res.status === 503 && /standby/i.test(String(res.data))) return { failure: "standby" };
      if (res.status >= 400) throw rmResponseError(req.what, url, res.status, res.data);
      return { response: res as AxiosResponse<T>, answeredBy: new URL(url).origin };
    }
    return { failure: `more than ${MAX_REDIRECTS} redirects` };
  }

  /** Makes the RM that answered the first to try next; one learnt from a redirect joins the list. */
  private rememberActive(origin: string, tried: number): number {
    if (new URL(this.urls[tried]!).origin === origin) return tried;
    const known = this.urls.findIndex((u) => new URL(u).origin === origin);
    return known >= 0 ? known : this.urls.push(origin) - 1;
  }
}
