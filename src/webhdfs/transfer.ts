// The data half of WebHDFS: CREATE and OPEN are two steps. The NameNode answers 307 with a
// DataNode URL; the bytes then go to (or come from) that DataNode. Bodies are streamed, never
// buffered, so a multi-GiB environment archive costs no memory.
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import type { AxiosResponse } from "axios";
import { RemoteJavaError, TsdaskError } from "../errors.js";
import { EndpointUnreachable, bodyText } from "../hadoop-http/index.js";
import { hdfsResponseError } from "./errors.js";
import type { NameNodeHttp } from "./namenode-http.js";

export interface CreateOptions {
  /** Replace an existing file (default false: an existing file is HDFS_ALREADY_EXISTS). */
  readonly overwrite?: boolean;
  /** Octal permission string, e.g. "600" (HDFS default 644, minus the NameNode's umask). */
  readonly permission?: string;
  /**
   * false: a missing parent directory fails the create (HDFS_FILE_NOT_FOUND) instead of being made.
   * Default true, as WebHDFS does.
   */
  readonly createParent?: boolean;
  /** Called as bytes leave for the DataNode, with the running total and the total if known. */
  readonly onProgress?: (sent: number, total: number | undefined) => void;
  /** Deadline for the socket to stay idle during the data transfer (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Aborting stops the transfer at once (HDFS_TRANSFER_ABORTED); the partial file stays for the caller. */
  readonly signal?: AbortSignal;
}

/** A local file path, a stream, or bytes. */
export type CreateSource = string | Readable | Uint8Array;

const CHUNK = 1 << 20; // 1 MiB reads: fewer syscalls and stream callbacks on large uploads

export async function create(
  nn: NameNodeHttp,
  path: string,
  source: CreateSource,
  options: CreateOptions = {},
): Promise<void> {
  const what = `creating ${path}`;
  if (options.signal?.aborted) throw transferAborted(what, 0);
  const step1 = await nn.request({
    method: "PUT",
    path,
    op: "CREATE",
    params: {
      overwrite: options.overwrite ?? false,
      permission: options.permission,
      createparent: options.createParent === false ? false : undefined,
    },
    what,
  });
  const location = dataNodeLocation(step1, what);
  let body: Readable | Uint8Array;
  let total: number | undefined;
  if (typeof source === "string") {
    total = statSync(source).size;
    body = createReadStream(source, { highWaterMark: CHUNK });
  } else if (source instanceof Uint8Array) {
    total = source.byteLength;
    body = source;
  } else {
    body = source;
  }
  let sent = 0;
  if (body instanceof Readable) {
    body.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      options.onProgress?.(sent, total);
    });
  } else {
    sent = body.byteLength;
    options.onProgress?.(sent, total);
  }
  let res: AxiosResponse;
  try {
    // The NameNode's redirect carries the authentication (user.name or a delegation token).
    res = await nn.http.exchange({
      method: "PUT",
      url: location,
      data: body,
      headers: {
        "Content-Type": "application/octet-stream",
        ...(total === undefined ? {} : { "Content-Length": String(total) }),
      },
      timeoutMs: options.idleTimeoutMs ?? 60_000,
      authenticate: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (body instanceof Readable) body.destroy();
    if (options.signal?.aborted) throw transferAborted(what, sent, total);
    const failure = dataNodeFailure(what, location, e);
    // A DataNode whose NameNode died may just drop the connection: ask the NameNode before blaming the DataNode.
    if (failure.code === "HDFS_TRANSFER_FAILED" && !(await nameNodeAnswers(nn))) {
      throw new TsdaskError(
        "HDFS_NAMENODE_LOST",
        `${what}: the NameNode stopped answering after ${sent}${total === undefined ? "" : ` of ${total}`} bytes were sent`,
        NAMENODE_LOST_HINT,
        { cause: failure },
      );
    }
    throw nameNodeLost(failure, sent, total);
  }
  if (res.status !== 201 && res.status !== 200)
    throw nameNodeLost(hdfsResponseError(what, location, res.status, res.data), sent, total);
}

export interface OpenOptions {
  readonly offset?: number;
  readonly length?: number;
  readonly idleTimeoutMs?: number;
}

/** The file's bytes as a stream straight from the DataNode. */
export async function open(nn: NameNodeHttp, path: string, options: OpenOptions = {}): Promise<Readable> {
  const what = `reading ${path}`;
  const step1 = await nn.request({
    method: "GET",
    path,
    op: "OPEN",
    params: { offset: options.offset, length: options.length },
    what,
  });
  const location = dataNodeLocation(step1, what);
  let res: AxiosResponse<Readable>;
  try {
    res = await nn.http.exchange({
      method: "GET",
      url: location,
      responseType: "stream",
      timeoutMs: options.idleTimeoutMs ?? 60_000,
      authenticate: false,
    });
  } catch (e) {
    throw dataNodeFailure(what, location, e);
  }
  if (res.status !== 200) throw hdfsResponseError(what, location, res.status, await bodyText(res.data));
  return res.data;
}

function dataNodeLocation(res: AxiosResponse, what: string): string {
  const location = res.headers.location as string | undefined;
  if (res.status !== 307 || !location) {
    throw new TsdaskError(
      "HDFS_HTTP_ERROR",
      `${what}: the NameNode answered HTTP ${res.status} without a DataNode redirect`,
      "Check that the address is a NameNode (not a DataNode or a proxy that follows redirects itself).",
    );
  }
  return location;
}

const NAMENODE_LOST_HINT =
  "HDFS went down or restarted during the transfer; check that the NameNode runs ('hdfs dfsadmin -report') and try again.";

async function nameNodeAnswers(nn: NameNodeHttp): Promise<boolean> {
  try {
    await nn.request({ method: "GET", path: "/", op: "GETFILESTATUS", what: "checking the NameNode" });
    return true;
  } catch (e) {
    return !(e instanceof TsdaskError && e.code === "HDFS_UNREACHABLE");
  }
}

/** Java exceptions a DataNode reports when its own connection to the NameNode broke. */
const NAMENODE_LINK = /^(EOFException|ConnectException|SocketException|NoRouteToHostException|SocketTimeoutException)$/;

/**
 * The DataNode writes our bytes through its own HDFS client; when the NameNode dies or restarts
 * mid-write, that client's failure comes back as a raw Java message ("End of File Exception
 * between local host is: …"). Name what happened instead.
 */
function nameNodeLost(err: TsdaskError, sent: number, total?: number): TsdaskError {
  if (!(err instanceof RemoteJavaError) || !NAMENODE_LINK.test(err.javaClassName.split(".").pop() ?? "")) return err;
  // EOFException names "destination host is: …", ConnectException "Call From … to host:port failed".
  const nn = /destination host is: "?([^";]+)"?:(\d+)|\bto ([^\s:]+):(\d+) failed/.exec(err.message);
  return new TsdaskError(
    "HDFS_NAMENODE_LOST",
    `${err.message.split(":")[0]}: the NameNode${nn ? ` (${nn[1] ?? nn[3]}:${nn[2] ?? nn[4]})` : ""} stopped answering the DataNode ` +
      `after ${sent}${total === undefined ? "" : ` of ${total}`} bytes were sent`,
    NAMENODE_LOST_HINT,
    { cause: err },
  );
}

function transferAborted(what: string, sent: number, total?: number): TsdaskError {
  return new TsdaskError(
    "HDFS_TRANSFER_ABORTED",
    `${what}: aborted after ${sent}${total === undefined ? "" : ` of ${total}`} bytes`,
    "The transfer was stopped on request; the partial file is the caller's to remove.",
  );
}

function dataNodeFailure(what: string, location: string, e: unknown): TsdaskError {
  if (e instanceof TsdaskError) return e; // a certificate that does not verify, named by host
  // A DataNode that rejects the request early (e.g. the file exists) may close the connection
  // while we are still sending; its answer, when axios got one, is the real reason.
  const raw = e instanceof EndpointUnreachable ? e.cause : e;
  const response = (raw as { response?: AxiosResponse } | undefined)?.response;
  if (response && response.status >= 400) return hdfsResponseError(what, location, response.status, response.data);
  const dn = new URL(location).host;
  const unreachable = e instanceof EndpointUnreachable;
  const code = unreachable ? e.reason : ((e as { code?: string }).code ?? (e as Error).message);
  return new TsdaskError(
    unreachable ? "HDFS_DATANODE_UNREACHABLE" : "HDFS_TRANSFER_FAILED",
    `${what}: transfer with DataNode ${dn} failed (${code})`,
    "The NameNode sent us to this DataNode; check that it is reachable from here (dfs.datanode.http.address, dfs.datanode.hostname).",
    { cause: e },
  );
}
