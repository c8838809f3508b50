// The ResourceManager's policy on the shared Hadoop HTTP layer (src/hadoop-http): with RM HA, a
// standby RM answers every non-exempt request with 307, `Location: <active RM URL>` and the body
// "This is standby RM. The redirect url is: …" (RMWebAppFilter). Redirects are followed by hand so
// that POST/PUT keep their method and body, and so the active RM's address is learnt.
import type { AxiosResponse, Method } from "axios";
import { TsdaskError } from "../errors.js";
import { HadoopHttp, simple, type HttpAuth, type TlsSettings } from "../hadoop-http/index.js";
import { rmResponseError } from "./errors.js";

export interface RmHttpOptions {
  /** RM web base URLs (e.g. http://rm1:8088), in the order to try them. */
  readonly urls: readonly string[];
  /** Simple-auth user sent as `user.name` when no `auth` is given. */
  readonly user?: string;
  /** How requests authenticate (default: simple(user)). */
  readonly auth?: HttpAuth;
  readonly tls?: TlsSettings;
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

export class ResourceManagerHttp {
  readonly http: HadoopHttp;
  readonly user: string | undefined;

  constructor(options: RmHttpOptions) {
    this.user = options.user;
    this.http = new HadoopHttp({
      urls: options.urls,
      auth: options.auth ?? simple(options.user),
      timeoutMs: options.timeoutMs ?? 10_000,
      role: "ResourceManager",
      ...(options.tls ? { tls: options.tls } : {}),
    });
  }

  get timeoutMs(): number {
    return this.http.timeoutMs;
  }

  /** The RM that answered last (the active one under HA). */
  get activeUrl(): string {
    return this.http.activeUrl;
  }

  request<T>(req: RmRequest): Promise<AxiosResponse<T>> {
    return this.http.failover(
      (base) => this.tryOne<T>(base, req),
      (tried) =>
        new TsdaskError(
          "RM_UNREACHABLE",
          `${req.what}: no active ResourceManager answered; tried ${tried.join(", ")}`,
          "Check that the ResourceManager is running and that yarn.resourcemanager.webapp.address (or the RM address given) is right.",
        ),
    );
  }

  private async tryOne<T>(
    base: string,
    req: RmRequest,
  ): Promise<{ ok: AxiosResponse<T>; answeredBy: string } | { next: string }> {
    let url = base + req.path;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.http.exchange({
        method: req.method,
        url,
        // The standby's Location carries the original path and query; SPNEGO still needs its header.
        ...(hop === 0 ? { params: req.params } : { authenticate: "headers" as const }),
        data: req.data,
        headers: req.data === undefined ? {} : { "Content-Type": "application/json" },
      });
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.location as string | undefined;
        if (!location)
          return { next: `HTTP ${res.status} without a Location (standby RM that does not know the active one?)` };
        url = new URL(location, url).toString();
        continue;
      }
      if (res.status === 503 && /standby/i.test(String(res.data))) return { next: "standby" };
      if (res.status >= 400) throw rmResponseError(req.what, url, res.status, res.data);
      return { ok: res as AxiosResponse<T>, answeredBy: new URL(url).origin };
    }
    return { next: `more than ${MAX_REDIRECTS} redirects` };
  }
}
