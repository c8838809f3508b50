// Fresh HDFS delegation tokens for a running application, obtained through WebHDFS by an
// authenticated (SPNEGO) caller: the launcher's `credentials refresh` and the AM's keytab-in-am
// login share it.
import { asHdfsRpcToken, decodeTokenUrl, encodeTokenUrl, parseDelegationIdentifier } from "../hadoop-io/index.js";
import type { WebHdfsClient } from "./client.js";

/**
 * Fresh HDFS delegation tokens for a running application (`credentials refresh`), under the same
 * aliases as at submit. The renewer is the user: YARN does not renew tokens it was not given at
 * submit, so the user's one renewal here tells when the token expires unless refreshed again
 * (dfs.namenode.delegation.token.renew-interval after now, 1 day by default). The user's Kerberos
 * short name is the token owner's: the local user name may differ from the principal.
 */
export async function refreshedTokens(
  service: string,
  hdfs: WebHdfsClient,
  user: string,
): Promise<{ tokens: Record<string, string>; expiries: Record<string, number> }> {
  let url = await hdfs.getDelegationToken(user);
  const owner = parseDelegationIdentifier(decodeTokenUrl(url).identifier).owner.split(/[/@]/)[0] ?? user;
  if (owner !== user) {
    const first = url;
    url = await hdfs.getDelegationToken(owner);
    await hdfs.cancelDelegationToken(first).catch(() => undefined); // it would only expire unused
  }
  const expiry = await hdfs.renewDelegationToken(url);
  const token = encodeTokenUrl(asHdfsRpcToken(decodeTokenUrl(url), service));
  return { tokens: { [service]: token }, expiries: { [service]: expiry } };
}
