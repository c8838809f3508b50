// HTTP to the NameNode's WebHDFS endpoint with HDFS HA: NameNodes are tried in order, a
// StandbyException or an unreachable NameNode moves on to the next, and the one that answered is
// tried first next time. Redirects are never followed here: CREATE/OPEN/APPEND answer 307 with the
// DataNode to stream to, which the caller handles (see create.ts).
import axios, { type AxiosResponse, type Method } from "axios";
import { TsdaskError } from "../errors.js";
import { hdfsResponseError, isStandby } from "./errors.js";

export interface NameNodeHttpOptions {
  /** NameNode HTTP base URLs (e.g. http://nn1:9870), in the order to try them. */
  readonly urls: readonly string[];
  /** Simple-auth user sent as `user.name`. */
  readonly user?: string;
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

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ERR_CANCELED",
]);

export function isNetworkError(e: unknown): boolean {
  return NETWORK.has((e as { code?: string })?.code ?? "") || axios.isCancel(e);
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
  private readonly urls: string[];
  private active = 0;
  readonly user: string | undefined;
  readonly timeoutMs: number;

  constructor(options: NameNodeHttpOptions) {
    if (options.urls.length === 0) {
      throw new TsdaskError(
        "ADDRESS_MISSING",
        "no NameNode HTTP address given",
        "Set HADOOP_CONF_DIR or pass the NameNode web address.",
      );
    }
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ""));
    this.user = options.user;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  get activeUrl(): string {
    return this.urls[this.active]!;
  }

  /** One NameNode call; a 2xx or 3xx response is returned, a 4xx/5xx is thrown as a typed error. */
  async request(req: NameNodeRequest): Promise<AxiosResponse> {
    const tried: string[] = [];
    let lastStandby: unknown;
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.active + i) % this.urls.length;
      const url = this.urls[index]! + webhdfsPath(req.path);
      let res: AxiosResponse;
      try {
        res = await axios.request({
          method: req.method,
          url,
          params: { op: req.op, ...req.params, "user.name": this.user },
          timeout: this.timeoutMs,
          signal: AbortSignal.timeout(this.timeoutMs),
          maxRedirects: 0,
          validateStatus: () => true,
          // CSRF protection (dfs.webhdfs.rest-csrf.enabled) wants this header on writes; harmless otherwise.
          headers: { "X-XSRF-HEADER": "tsdask-yarn" },
        });
      } catch (e) {
        if (!isNetworkError(e)) throw e;
        const code = (e as { code?: string }).code;
        tried.push(
          `${this.urls[index]} (${code === "ECONNABORTED" || code === "ERR_CANCELED" ? `no answer within ${this.timeoutMs} ms` : code})`,
        );
        continue;
      }
      if (res.status >= 400) {
        const err = hdfsResponseError(`${req.what}`, url, res.status, res.data);
        if (isStandby(err)) {
          lastStandby = err;
          tried.push(`${this.urls[index]} (standby)`);
          continue;
        }
        throw err;
      }
      this.active = index;
      return res;
    }
    if (lastStandby && tried.every((t) => t.endsWith("(standby)"))) throw lastStandby;
    throw new TsdaskError(
      "HDFS_UNREACHABLE",
      `${req.what}: no active NameNode answered; tried ${tried.join(", ")}`,
      "Check that HDFS is running and that dfs.namenode.http-address (or the NameNode address given) is right.",
    );
  }
}
