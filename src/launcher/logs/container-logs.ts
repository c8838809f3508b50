// The log files of a running application's containers, read from the NodeManager web services of
// the node each container runs on: GET /ws/v1/node/containers/<id>/logs (the file list, with
// sizes) and .../logs/<file>[?size=-N] (one file, or its last N bytes). Finished containers' logs
// are YARN's to aggregate; aggregated-logs.ts reads those. Authentication and TLS are the shared
// Hadoop HTTP layer's (user.name, or SPNEGO on a Kerberized cluster).
import type { StatusReport } from "../../control/index.js";
import { TsdaskError } from "../../errors.js";
import { AM_SERVICE } from "../am-service.js";
import { HadoopHttp, simple, type HttpAuth, type TlsSettings } from "../../hadoop-http/index.js";

/** Who reads the logs: a simple-auth user name, or the session's auth and TLS settings. */
export type NodeAccess =
  | string
  | {
      readonly auth: HttpAuth;
      readonly tls?: TlsSettings;
      /** yarn.http.policy is HTTPS_ONLY: a bare host:port NodeManager address is https. */
      readonly https?: boolean;
    };

/** One log file of one container. */
export interface ContainerLog {
  /** The service (e.g. dask.worker), or "appmaster" for the ApplicationMaster. */
  readonly service: string;
  /** e.g. dask.worker_0 */
  readonly instanceId: string;
  readonly containerId: string;
  /** e.g. stdout, stderr */
  readonly file: string;
  readonly text: string;
}

/** A running container whose logs can be read. */
export interface LogTarget {
  readonly service: string;
  readonly instanceId: string;
  readonly containerId: string;
  /** The NodeManager's web address, host:port. */
  readonly node: string;
}

export { AM_SERVICE } from "../am-service.js";

/** The AM's container id from its log link, e.g. …/containerlogs/container_…_000001/root. */
export function amContainerOf(amContainerLogs: string | undefined): string | undefined {
  return /(container_(?:e\d+_)?\d+_\d+_\d+_\d+)/.exec(amContainerLogs ?? "")?.[1];
}

/** The running containers of a status report (plus the AM's, when its report gives its node). */
export function logTargets(
  status: StatusReport,
  am?: { readonly amContainerLogs?: string; readonly amHostHttpAddress?: string },
): LogTarget[] {
  const targets: LogTarget[] = [];
  const amId = amContainerOf(am?.amContainerLogs);
  if (amId && am?.amHostHttpAddress) {
    targets.push({ service: AM_SERVICE, instanceId: AM_SERVICE, containerId: amId, node: am.amHostHttpAddress });
  }
  for (const s of status.services) {
    for (const c of s.containers) {
      if (c.state === "RUNNING" && c.containerId && c.nodeHttpAddress) {
        targets.push({
          service: s.name,
          instanceId: c.instanceId,
          containerId: c.containerId,
          node: c.nodeHttpAddress,
        });
      }
    }
  }
  return targets;
}

function nodeBase(node: string, https: boolean | undefined): string {
  const base = /^https?:\/\//.test(node) ? node : `${https ? "https" : "http"}://${node}`;
  return base.replace(/\/+$/, "");
}

/** Tries of a GET the NodeManager answered 5xx (its log listing fails while a rolled part uploads). */
export const NM_GET_TRIES = 3;
const NM_RETRY_MS = 1000;

/**
 * GET a NodeManager web path (logs, /jmx) with the session's auth and TLS. A 5xx answer is tried
 * again, NM_GET_TRIES times in all: the NodeManager answers 503 now and then while it reads or
 * uploads a container's logs, and these reads are safe to repeat.
 */
export async function nodeManagerGet(
  node: string,
  path: string,
  access: NodeAccess,
  accept: string,
  params = {},
): Promise<Buffer> {
  const { auth, tls, https } =
    typeof access === "string" ? { auth: simple(access), tls: undefined, https: false } : access;
  const url = nodeBase(node, https) + path;
  const http = new HadoopHttp({ urls: [url], auth, timeoutMs: 15_000, role: "NodeManager", ...(tls ? { tls } : {}) });
  for (let tried = 1; ; tried++) {
    const res = await http.failover(
      async () => ({
        ok: await http.exchange({
          method: "GET",
          url,
          params,
          headers: { Accept: accept },
          responseType: "arraybuffer",
        }),
      }),
      (addrs) => new TsdaskError("NM_UNREACHABLE", `cannot reach the NodeManager: ${addrs.join(", ")}`),
    );
    if (res.status < 300) return Buffer.from(res.data as ArrayBuffer);
    if (res.status < 500 || tried >= NM_GET_TRIES) {
      throw new TsdaskError(
        "NM_HTTP_ERROR",
        `${path}: HTTP ${res.status} from the NodeManager${tried > 1 ? ` (${tried} tries, ${NM_RETRY_MS} ms apart)` : ""}`,
        "The container may have finished: YARN aggregates its logs when the application ends; 'tsdask-yarn logs' reads them then.",
      );
    }
    await new Promise((r) => setTimeout(r, NM_RETRY_MS));
  }
}

/** One entry of a container's log directory. */
export interface LogFile {
  readonly name: string;
  /** Bytes, when the NodeManager listed the file. */
  readonly size: number;
  /** Where the NodeManager found it: LOCAL (its log dir) or AGGREGATED (already uploaded to HDFS). */
  readonly type?: string;
}

/** The NodeManager's JSON ({containerLogsInfo: …}, one object or a list) → file names and sizes. */
export function parseLogList(body: unknown): LogFile[] {
  // Hadoop 3.3/3.4 wrap the answer in "containerLogsInfo" (one object or a list).
  const inner = (body as { containerLogsInfo?: unknown } | null)?.containerLogsInfo ?? body;
  const files: LogFile[] = [];
  for (const item of Array.isArray(inner) ? inner : [inner]) {
    const { containerLogInfo: infos, logAggregationType: type } = (item ?? {}) as {
      containerLogInfo?: unknown;
      logAggregationType?: unknown;
    };
    for (const f of Array.isArray(infos) ? infos : infos ? [infos] : []) {
      const { fileName, fileSize } = f as { fileName?: unknown; fileSize?: string | number };
      if (typeof fileName === "string" && fileName)
        files.push({ name: fileName, size: Number(fileSize ?? 0), ...(typeof type === "string" ? { type } : {}) });
    }
  }
  return files;
}

const logsPath = (containerId: string) => `/ws/v1/node/containers/${encodeURIComponent(containerId)}/logs`;

/** A file in the NodeManager's own log dir (its listing also names what it already aggregated). */
export const onNode = (f: LogFile): boolean => f.type !== "AGGREGATED";

/** The log files of one running container, with their current sizes. */
export async function listLogFiles(
  target: Pick<LogTarget, "node" | "containerId">,
  user: NodeAccess,
): Promise<LogFile[]> {
  const body = await nodeManagerGet(target.node, logsPath(target.containerId), user, "application/json");
  return parseLogList(JSON.parse(body.toString("utf8")));
}

/** A log file's content (or its last bytes) and the file's whole length when it was read. */
export interface LogBytes {
  readonly bytes: Uint8Array;
  readonly length: number;
}

const CONTENTS_MARK = "LogContents:\n";

/**
 * The file inside the NodeManager's answer. Hadoop 3.x wraps it: "Container: …", "LogType:",
 * "LogLength:<whole file>", "LogContents:", the bytes, then an "End of LogType" footer. The
 * content is exactly min(tail, LogLength) bytes after the mark, so it is cut by count rather than
 * by searching for the footer (a log may contain that text). A bare answer is the file itself.
 */
export function unwrapNodeManagerLog(raw: Uint8Array, tail?: number): LogBytes {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const mark = buf.indexOf(CONTENTS_MARK, 0, "latin1");
  const header = mark >= 0 ? buf.subarray(0, mark).toString("latin1") : "";
  const length = /^LogLength:(\d+)$/m.exec(header)?.[1];
  if (mark < 0 || length === undefined) return { bytes: raw, length: raw.byteLength };
  const total = Number(length);
  const start = mark + CONTENTS_MARK.length;
  const count = Math.min(tail ?? total, total, buf.byteLength - start);
  return { bytes: raw.subarray(start, start + count), length: total };
}

/** One file of a running container: whole, or only its last `tail` bytes (the NM's size=-N). */
export async function readLogFile(
  target: Pick<LogTarget, "node" | "containerId">,
  user: NodeAccess,
  file: string,
  tail?: number,
): Promise<LogBytes> {
  const params = tail !== undefined ? { size: `-${Math.max(1, Math.floor(tail))}` } : {};
  const path = `${logsPath(target.containerId)}/${encodeURIComponent(file)}`;
  return unwrapNodeManagerLog(
    new Uint8Array(await nodeManagerGet(target.node, path, user, "text/plain", params)),
    tail,
  );
}

/** Every log file (or only `file`) of one running container. */
export async function readContainerLogs(target: LogTarget, user: NodeAccess, file?: string): Promise<ContainerLog[]> {
  const names = (await listLogFiles(target, user)).map((f) => f.name);
  const out: ContainerLog[] = [];
  for (const name of names.filter((n) => file === undefined || n === file)) {
    const { bytes } = await readLogFile(target, user, name);
    out.push({
      service: target.service,
      instanceId: target.instanceId,
      containerId: target.containerId,
      file: name,
      text: new TextDecoder().decode(bytes),
    });
  }
  return out;
}
