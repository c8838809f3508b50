// What the AM does with the credentials YARN gave its container (HADOOP_TOKEN_FILE_LOCATION):
// the AMRMToken is its own (see main.ts); the application's delegation tokens, which the launcher
// put in the submission and the RM renews, authenticate its WebHDFS calls (staging, journal,
// cleanup) and go on to every container it launches. On a simple-auth cluster there are none, and
// WebHDFS keeps using user.name.
//
// Renewal does not change a token's bytes (the NameNode only moves its expiry), so the AM keeps
// working across renewals. At the token's maximum lifetime (dfs.namenode.delegation.token.max-lifetime,
// 7 days by default) the NameNode refuses it: fresh tokens then come from `credentials refresh` or
// the AM's own keytab login (app-tokens.ts), which replace the submitted ones everywhere.
import { simple, type HttpAuth } from "../../hadoop-http/index.js";
import { TokenKind, type Credentials } from "../../hadoop-rpc/index.js";
import { AppTokens, type AppTokensOptions } from "./app-tokens.js";

export interface AppCredentials {
  readonly hdfsAuth: HttpAuth;
  /** HDTS bytes for a container launched now; undefined when there is nothing to pass on. */
  readonly containerTokens?: () => Uint8Array | undefined;
  /** Present on a Kerberized cluster (the submission carried an HDFS delegation token). */
  readonly tokens?: AppTokens;
}

export function appCredentials(
  creds: Credentials,
  user: string,
  options: Omit<AppTokensOptions, "submitted">,
): AppCredentials {
  const delegation = creds.tokens.filter((t) => t.token.kind !== TokenKind.AMRM);
  const hdfs = delegation.find((t) => t.token.kind === TokenKind.HDFS_DELEGATION);
  if (!hdfs) return { hdfsAuth: simple(user) };
  options.log(
    `using the HDFS delegation token for ${hdfs.token.service}; passing ${delegation.length} token(s) to containers`,
  );
  const tokens = new AppTokens({ ...options, submitted: { tokens: delegation, secrets: [] } });
  return { hdfsAuth: tokens.hdfsAuth(), containerTokens: () => tokens.containerTokens(), tokens };
}
