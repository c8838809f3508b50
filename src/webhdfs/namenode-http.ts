// The NameNode's policy on the shared Hadoop HTTP layer (src/hadoop-http), with HDFS HA: a
// StandbyException or an unreachable NameNode moves on to the next, and the one that answered is
// tried first next time. Redirects are never followed here: CREATE/OPEN/APPEND answer 307 with the
// DataNode to stream to, which the caller handles (see transfer.ts).
import type { AxiosResponse, Method } from "axios";
import { TsdaskError } from "../errors.js";
import { HadoopHttp, simple, type HttpAuth, type TlsSettings } from "../hadoop-http/index.js";
import { hdfsResponseError, isStandby } from "./errors.js";

export interface NameNodeHttpOptions {
  /** NameNode HTTP base URLs (e.g. http://nn1:9870), in the order to try them. */
  readonly urls: readonly string[];
  /** Simple-auth user sent as `user.name` when no `auth` is given. */
  readonly user?: string;
  /** How requests authenticate (default: simple(user)). */
  readonly auth?: HttpAuth;
  readonly tls?: TlsSettings;
  /** Deadline for one metadata call to one NameNode. */
  readonly timeoutMs?: number;
}

export interface NameNodeRequest {
  readonly method: Method;
  readonly path: string;
  readonly op: string;
  readonly params?: Record<string, string | number | boolean | undefined>;
  readonly what: string;
}

/** /webhdfs/v1 + the absolute HDFS path, each segment percent-encoded. */
export function webhdfsPath(path: string): string {
  if (!path.startsWith("/")) {
    throw new TsdaskError(
      "HDFS_PATH_INVALID",
      `HDFS path '${path}' is not absolute`,
      "Give a path starting with '/' (e.g. the home directory + a name).",
    );
  }
  return "/webhdfs/v1" + path.split("/").map(encodeURIComponent).join("/");
}

export class NameNodeHttp {
  readonly http: HadoopHttp;
  readonly user: string | undefined;

  constructor(options: NameNodeHttpOptions) {
    this.user = options.user;
    this.http = new HadoopHttp({
      urls: options.urls,
      auth: options.auth ?? simple(options.user),
      timeoutMs: options.timeoutMs ?? 15_000,
      role: "NameNode",
      ...(options.tls ? { tls: options.tls } : {}),
    });
  }

  get timeoutMs(): number {
    return this.http.timeoutMs;
  }

  get activeUrl(): string {
    return this.http.activeUrl;
  }

  /** One NameNode call; a 2xx or 3xx response is returned, a 4xx/5xx is thrown as a typed error. */
  async request(req: NameNodeRequest): Promise<AxiosResponse> {
    let lastStandby: unknown;
    return this.http.failover<AxiosResponse>(
      async (base) => {
        const url = base + webhdfsPath(req.path);
        const res = await this.http.exchange({
          method: req.method,
          url,
          params: { op: req.op, ...req.params },
          // CSRF protection (dfs.webhdfs.rest-csrf.enabled) wants this header on writes; harmless otherwise.
          headers: { "X-XSRF-HEADER": "tsdask-yarn" },
        });
        if (res.status < 400) return { ok: res };
        const err = hdfsResponseError(req.what, url, res.status, res.data);
        if (!isStandby(err)) throw err;
        lastStandby = err;
        return { next: "standby" };
      },
      (tried) =>
        lastStandby && tried.every((t) => t.endsWith("(standby)"))
          ? (lastStandby as Error)
          : new TsdaskError(
              "HDFS_UNREACHABLE",
              `${req.what}: no active NameNode answered; tried ${tried.join(", ")}`,
              "Check that HDFS is running and that dfs.namenode.http-address (or the NameNode address given) is right.",
            ),
    );
  }
}
