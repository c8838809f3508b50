// NameNode HTTP (WebHDFS) addresses. With HDFS HA, fs.defaultFS names a nameservice
// (hdfs://mycluster) whose NameNodes are listed in dfs.ha.namenodes.<ns>, each with its own
// dfs.namenode.http-address.<ns>.<nn>; clients try them in order and fail over on StandbyException.
import { TsdaskError } from "../errors.js";
import type { HadoopConfiguration } from "./configuration.js";
import { hostPort, sourceOf, toUrl, type HttpPolicy } from "./conf-values.js";

export interface NameNodeEndpoint {
  /** The NameNode id under HDFS HA (e.g. "nn1"); undefined for a single NameNode. */
  readonly id?: string;
  /** Base URL of the NameNode HTTP server; WebHDFS lives under /webhdfs/v1. */
  readonly webUrl: string;
}

export function resolveNameNodes(
  conf: HadoopConfiguration,
  defaultFS: string,
  policy: HttpPolicy,
): { nameNodes: NameNodeEndpoint[]; nameservice?: string } {
  const https = policy === "HTTPS_ONLY";
  const key = https ? "dfs.namenode.https-address" : "dfs.namenode.http-address";
  const port = https ? 9871 : 9870;
  let authority: URL | undefined;
  try {
    authority = new URL(defaultFS);
  } catch {
    authority = undefined;
  }
  const fsHost = authority?.protocol === "hdfs:" ? authority.hostname : undefined;
  const nameservices = conf.getStrings("dfs.nameservices");
  if (fsHost && !authority?.port && nameservices.includes(fsHost)) {
    const ns = fsHost;
    const ids = conf.getStrings(`dfs.ha.namenodes.${ns}`);
    if (ids.length === 0) {
      throw new TsdaskError(
        "HADOOP_CONF_INVALID",
        `fs.defaultFS names nameservice '${ns}' but dfs.ha.namenodes.${ns} is empty${sourceOf(conf, "dfs.nameservices")}`,
        `List the NameNode ids in dfs.ha.namenodes.${ns} (e.g. nn1,nn2) in hdfs-site.xml.`,
      );
    }
    const nameNodes = ids.map((id) => {
      const k = `${key}.${ns}.${id}`;
      if (conf.getTrimmed(k) === undefined) {
        throw new TsdaskError(
          "HADOOP_CONF_INVALID",
          `${k} is not set, so NameNode '${id}' of nameservice '${ns}' has no HTTP address`,
          `Add ${k} (host:port) to hdfs-site.xml.`,
        );
      }
      return { id, webUrl: toUrl(https, hostPort(conf, k, "")) };
    });
    return { nameNodes, nameservice: ns };
  }
  // Single NameNode: a wildcard http-address means "the host fs.defaultFS names" (as
  // DFSUtil.getInfoServer substitutes it), which is what a remote client must connect to.
  let address = hostPort(conf, key, `0.0.0.0:${port}`);
  const raw = conf.getTrimmed(key, `0.0.0.0:${port}`)!;
  if (raw.startsWith("0.0.0.0:") && fsHost) address = `${fsHost}:${address.split(":").pop()}`;
  return { nameNodes: [{ webUrl: toUrl(https, address) }] };
}
