// Delegation tokens for a submission to a Kerberized cluster (docs/design.md §7): the AM and
// its containers hold no Kerberos ticket, so the launcher fetches an HDFS delegation token through
// WebHDFS (SPNEGO), with the ResourceManager as renewer, and puts it in the submission's
// credentials. YARN then localizes the staged files with it, renews it while the application runs,
// hands it to the AM (container_tokens) and cancels it when the application ends.
import { lookup } from "node:dns/promises";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import { TsdaskError } from "../errors.js";
import { asHdfsRpcToken, decodeTokenUrl, encodeTokenUrl } from "../hadoop-io/index.js";
import type { WebHdfsClient } from "../webhdfs/index.js";

/**
 * The token service DFSClient looks its token up by: ha-hdfs:<nameservice> under HDFS HA, else the
 * NameNode RPC address as ip:port (hadoop.security.token.service.use_ip, true by default).
 */
export async function hdfsTokenService(
  addresses: Pick<ClusterAddresses, "defaultFS" | "nameservice">,
): Promise<string> {
  if (addresses.nameservice) return `ha-hdfs:${addresses.nameservice}`;
  const url = new URL(addresses.defaultFS);
  const port = url.port || "8020";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const ip = await lookup(host).then(
    (r) => r.address,
    () => host,
  );
  return `${ip}:${port}`;
}

/** credentials.tokens of the AM container: alias → URL string. Empty on a simple-auth cluster. */
export async function submissionTokens(
  addresses: ClusterAddresses,
  hdfs: WebHdfsClient,
): Promise<Record<string, string>> {
  if (!addresses.securityEnabled) return {};
  if (!addresses.rmPrincipal) {
    throw new TsdaskError(
      "HADOOP_CONF_INVALID",
      "the cluster uses Kerberos but yarn.resourcemanager.principal is not set in the configuration",
      "Use the cluster's own client configuration as HADOOP_CONF_DIR (yarn-site.xml names the RM principal).",
    );
  }
  const service = await hdfsTokenService(addresses);
  const token = asHdfsRpcToken(decodeTokenUrl(await hdfs.getDelegationToken(addresses.rmPrincipal)), service);
  return { [service]: encodeTokenUrl(token) };
}
