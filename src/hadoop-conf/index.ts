// Hadoop configuration: find HADOOP_CONF_DIR, load the site files, resolve cluster addresses.
import { resolveAddresses, type AddressOverrides, type ClusterAddresses } from "./addresses.js";
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

/** The one call the launcher makes: conf dir (explicit or from the environment) → addresses. */
export function clusterAddresses(
  options: { confDir?: string; overrides?: AddressOverrides; env?: Readonly<Record<string, string | undefined>> } = {},
): ClusterAddresses {
  const env = options.env ?? process.env;
  const conf = loadConfDir(findConfDir(options.confDir, env), env);
  return resolveAddresses(conf, options.overrides);
}
