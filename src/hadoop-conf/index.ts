// Hadoop configuration: find HADOOP_CONF_DIR, load the site files, resolve cluster addresses.
import { resolveAddresses, type AddressOverrides, type ClusterAddresses } from "./addresses.js";
import { TsdaskError } from "../errors.js";
import { findConfDir, loadConfDir } from "./load.js";

export { HadoopConfiguration } from "./configuration.js";
export { logAggregationDirs, remoteAppLogDirs, type LogAggregationDir } from "./log-aggregation.js";
export { parseSiteXml, type SiteProperty } from "./site-xml.js";
export { findConfDir, loadConfDir, SITE_FILES, type ConfDirChoice } from "./load.js";
export {
  resolveAddresses,
  type AddressOverrides,
  type ClusterAddresses,
  type HttpPolicy,
  type ResourceManagerEndpoint,
} from "./addresses.js";
export type { NameNodeEndpoint } from "./namenodes.js";

/**
 * The one call the launcher makes: conf dir (explicit or from the environment) → addresses.
 * With no conf dir and no explicit ResourceManager and NameNode addresses it refuses: Hadoop's
 * defaults are localhost, and a launcher on a machine that happens to run a Hadoop would talk to
 * that cluster without a word (it lists, cleans and submits there).
 */
export function clusterAddresses(
  options: { confDir?: string; overrides?: AddressOverrides; env?: Readonly<Record<string, string | undefined>> } = {},
): ClusterAddresses {
  const env = options.env ?? process.env;
  const choice = findConfDir(options.confDir, env);
  const o = options.overrides;
  if (choice.from === "none" && !(o?.rmWebUrls?.length && o.nameNodeWebUrls?.length))
    throw new TsdaskError(
      "HADOOP_CONF_NOT_SET",
      "no Hadoop configuration: HADOOP_CONF_DIR is not set, and neither --conf-dir nor the addresses (hadoop.rm-web-addresses and hadoop.namenode-web-addresses) are given",
      "Set HADOOP_CONF_DIR (or pass --conf-dir DIR) to the cluster's client configuration, the directory with core-site.xml and yarn-site.xml; without Hadoop, run 'submit --local'.",
    );
  return resolveAddresses(loadConfDir(choice, env), o);
}
