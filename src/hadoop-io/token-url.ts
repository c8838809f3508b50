// Hadoop's Token.encodeToUrlString / decodeFromUrlString: URL-safe base64 without padding of the
// Token writable. It is the form WebHDFS GETDELEGATIONTOKEN answers with, what `delegation=`
// carries, and what the RM's REST submission takes in credentials.tokens. Pure: no I/O.
import { TokenFileError } from "./errors.js";
import { readToken, writeToken, type Token } from "./token.js";
import { WritableReader } from "./writable.js";

export type { Token };

export const HDFS_DELEGATION_KIND = "HDFS_DELEGATION_TOKEN";

export function decodeTokenUrl(urlString: string): Token {
  if (!/^[A-Za-z0-9_-]+=*$/.test(urlString)) throw new TokenFileError("not a URL-safe base64 token string");
  const r = new WritableReader(Buffer.from(urlString, "base64url"), (m) => new TokenFileError(m));
  const token = readToken(r);
  if (r.remaining !== 0) throw new TokenFileError(`${r.remaining} trailing bytes after the token`);
  return token;
}

export function encodeTokenUrl(token: Token): string {
  return writeToken(token).toString("base64url");
}

/**
 * The token WebHDFS handed out, relabelled for Hadoop's RPC clients: WebHDFS sets the kind to
 * "WEBHDFS delegation" (or SWEBHDFS) and the service to its HTTP address, while the RM's renewer,
 * the NodeManager's localizer and DFSClient in the containers pick HDFS_DELEGATION_TOKEN by the
 * NameNode RPC service (ip:port, or ha-hdfs:<nameservice> under HA). Identifier and password are
 * the NameNode's delegation token either way; only these client-side labels change.
 */
export function asHdfsRpcToken(token: Token, service: string): Token {
  return { ...token, kind: HDFS_DELEGATION_KIND, service };
}
