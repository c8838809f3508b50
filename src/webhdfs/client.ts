// The WebHDFS client: metadata calls through the NameNode (with HA failover) and streaming
// CREATE/OPEN through the DataNodes. One method per WebHDFS operation we use.
import type { Readable } from "node:stream";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import { TsdaskError } from "../errors.js";
import { NameNodeHttp, type NameNodeHttpOptions } from "./namenode-http.js";
import { create, open, type CreateOptions, type CreateSource, type OpenOptions } from "./transfer.js";

export interface FileStatus {
  /** Last path component (empty for GETFILESTATUS of the path itself). */
  readonly name: string;
  readonly type: "FILE" | "DIRECTORY" | "SYMLINK";
  /** Bytes; a YARN local resource's `size` must be exactly this. */
  readonly length: number;
  /** ms since epoch; a YARN local resource's `timestamp` must be exactly this. */
  readonly modificationTime: number;
  readonly accessTime: number;
  /** Octal, e.g. "644". */
  readonly permission: string;
  readonly owner: string;
  readonly group: string;
  readonly replication: number;
  readonly blockSize: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the NameNode's WebHDFS JSON, untyped: each field is converted (String(), Number(), listOf) where it is read
type Obj = Record<string, any>;

function fileStatus(s: Obj): FileStatus {
  return {
    name: String(s.pathSuffix ?? ""),
    type: s.type,
    length: Number(s.length ?? 0),
    modificationTime: Number(s.modificationTime ?? 0),
    accessTime: Number(s.accessTime ?? 0),
    permission: String(s.permission ?? ""),
    owner: String(s.owner ?? ""),
    group: String(s.group ?? ""),
    replication: Number(s.replication ?? 0),
    blockSize: Number(s.blockSize ?? 0),
  };
}

const OCTAL = /^[0-1]?[0-7]{3}$/;

function checkPermission(permission: string | undefined): void {
  if (permission !== undefined && !OCTAL.test(permission)) {
    throw new TsdaskError(
      "HDFS_PERMISSION_INVALID",
      `'${permission}' is not an octal permission`,
      "Use three or four octal digits, e.g. 700 or 1777.",
    );
  }
}

export class WebHdfsClient {
  readonly nn: NameNodeHttp;

  constructor(options: NameNodeHttpOptions) {
    this.nn = new NameNodeHttp(options);
  }

  static fromAddresses(addresses: ClusterAddresses, options: Omit<NameNodeHttpOptions, "urls"> = {}): WebHdfsClient {
    return new WebHdfsClient({ ...options, urls: addresses.nameNodes.map((n) => n.webUrl) });
  }

  async homeDirectory(): Promise<string> {
    const res = await this.nn.request({
      method: "GET",
      path: "/",
      op: "GETHOMEDIRECTORY",
      what: "reading the home directory",
    });
    return String(res.data.Path);
  }

  /** Creates the directory and missing parents; true also when it already existed. */
  async mkdirs(path: string, permission?: string): Promise<boolean> {
    checkPermission(permission);
    const res = await this.nn.request({
      method: "PUT",
      path,
      op: "MKDIRS",
      params: { permission },
      what: `creating directory ${path}`,
    });
    return res.data.boolean === true;
  }

  /** Throws HDFS_FILE_NOT_FOUND when the path does not exist. */
  async stat(path: string): Promise<FileStatus> {
    const res = await this.nn.request({
      method: "GET",
      path,
      op: "GETFILESTATUS",
      what: `reading the status of ${path}`,
    });
    return fileStatus(res.data.FileStatus);
  }

  /** The status, or undefined when the path does not exist. */
  async statIfExists(path: string): Promise<FileStatus | undefined> {
    try {
      return await this.stat(path);
    } catch (e) {
      if (e instanceof TsdaskError && e.code === "HDFS_FILE_NOT_FOUND") return undefined;
      throw e;
    }
  }

  async list(path: string): Promise<FileStatus[]> {
    const res = await this.nn.request({ method: "GET", path, op: "LISTSTATUS", what: `listing ${path}` });
    const list = res.data?.FileStatuses?.FileStatus;
    return Array.isArray(list) ? list.map(fileStatus) : [];
  }

  /** Streams a local file, a stream or bytes into a new HDFS file (two-step CREATE). */
  async create(path: string, source: CreateSource, options: CreateOptions = {}): Promise<void> {
    checkPermission(options.permission);
    await create(this.nn, path, source, options);
  }

  async open(path: string, options: OpenOptions = {}): Promise<Readable> {
    return open(this.nn, path, options);
  }

  /** True if something was deleted, false if the path did not exist. */
  async delete(path: string, recursive = false): Promise<boolean> {
    const res = await this.nn.request({
      method: "DELETE",
      path,
      op: "DELETE",
      params: { recursive },
      what: `deleting ${path}`,
    });
    return res.data.boolean === true;
  }

  /** HDFS rename: false (not an error) when the source is missing or the destination exists. */
  async rename(path: string, destination: string): Promise<boolean> {
    if (!destination.startsWith("/")) {
      throw new TsdaskError(
        "HDFS_PATH_INVALID",
        `rename destination '${destination}' is not absolute`,
        "Give a path starting with '/'.",
      );
    }
    const res = await this.nn.request({
      method: "PUT",
      path,
      op: "RENAME",
      params: { destination },
      what: `renaming ${path} to ${destination}`,
    });
    return res.data.boolean === true;
  }

  /**
   * GETDELEGATIONTOKEN: an HDFS delegation token for the authenticated (SPNEGO) user that
   * `renewer` may renew, as Hadoop's URL string (Token.encodeToUrlString).
   */
  async getDelegationToken(renewer: string): Promise<string> {
    const res = await this.nn.request({
      method: "GET",
      path: "/",
      op: "GETDELEGATIONTOKEN",
      params: { renewer },
      what: "getting an HDFS delegation token",
    });
    const token = res.data?.Token?.urlString;
    if (typeof token !== "string" || token === "") {
      throw new TsdaskError(
        "HDFS_TOKEN_MISSING",
        "getting an HDFS delegation token: the NameNode answered without a token",
        "Delegation tokens are only issued to Kerberos-authenticated users; check hadoop.security.authentication.",
      );
    }
    return token;
  }

  /**
   * RENEWDELEGATIONTOKEN: moves the token's expiry on (the caller must be its renewer); returns
   * the new expiry, ms since epoch. It never goes past the token's maximum lifetime.
   */
  async renewDelegationToken(token: string): Promise<number> {
    const res = await this.nn.request({
      method: "PUT",
      path: "/",
      op: "RENEWDELEGATIONTOKEN",
      params: { token },
      what: "renewing an HDFS delegation token",
    });
    const expiry = Number(res.data?.long);
    if (!Number.isSafeInteger(expiry) || expiry <= 0) {
      throw new TsdaskError(
        "HDFS_TOKEN_MISSING",
        "renewing an HDFS delegation token: the NameNode answered without an expiry",
        "Check that HADOOP_CONF_DIR names the cluster's NameNode.",
      );
    }
    return expiry;
  }

  /** CANCELDELEGATIONTOKEN: the token stops working now (its owner or renewer may cancel it). */
  async cancelDelegationToken(token: string): Promise<void> {
    await this.nn.request({
      method: "PUT",
      path: "/",
      op: "CANCELDELEGATIONTOKEN",
      params: { token },
      what: "cancelling an HDFS delegation token",
    });
  }

  async setPermission(path: string, permission: string): Promise<void> {
    checkPermission(permission);
    await this.nn.request({
      method: "PUT",
      path,
      op: "SETPERMISSION",
      params: { permission },
      what: `setting the permission of ${path}`,
    });
  }

  /** SETTIMES: the modification time (ms since epoch) of a file or directory; the access time stays. */
  async setModificationTime(path: string, modificationTime: number): Promise<void> {
    await this.nn.request({
      method: "PUT",
      path,
      op: "SETTIMES",
      params: { modificationtime: Math.round(modificationTime), accesstime: -1 },
      what: `setting the modification time of ${path}`,
    });
  }
}
