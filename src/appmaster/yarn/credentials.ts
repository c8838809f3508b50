// What the AM does with the credentials YARN gave its container (HADOOP_TOKEN_FILE_LOCATION):
// the AMRMToken is its own (see main.ts); the application's delegation tokens, which the launcher
// put in the submission and the RM renews, authenticate its WebHDFS calls (staging, journal,
// cleanup) and go on to every container it launches. On a simple-auth cluster there are none, and
// WebHDFS keeps using user.name.
//
// Renewal does not change a token's bytes (the NameNode only moves its expiry), so the AM keeps
// working across renewals. At the token's maximum lifetime (dfs.namenode.delegation.token.max-lifetime,
// 7 days by default) the NameNode refuses it: the AM's HDFS calls then fail (journal writes,
// cleanup) and so do tasks reading HDFS; applications meant to run longer need a new submission.
import { delegationToken, simple, type HttpAuth } from "../../hadoop-http/index.js";
import { encodeTokenStorage, TokenKind, type Credentials } from "../../hadoop-rpc/index.js";
import { encodeTokenUrl } from "../../hadoop-io/index.js";

export interface AppCredentials {
  readonly hdfsAuth: HttpAuth;
  /** HDTS bytes for the containers' launch contexts; undefined when there is nothing to pass on. */
  readonly containerTokens?: Uint8Array;
}

export function appCredentials(creds: Credentials, user: string, log: (line: string) => void): AppCredentials {
  const delegation = creds.tokens.filter((t) => t.token.kind !== TokenKind.AMRM);
  const hdfs = delegation.find((t) => t.token.kind === TokenKind.HDFS_DELEGATION);
  if (!hdfs) return { hdfsAuth: simple(user) };
  log(`using the HDFS delegation token for ${hdfs.token.service}; passing ${delegation.length} token(s) to containers`);
  return {
    hdfsAuth: delegationToken(encodeTokenUrl(hdfs.token)),
    containerTokens: encodeTokenStorage({ tokens: delegation, secrets: [] }),
  };
}
