// `credentials refresh`: new HDFS delegation tokens for a running application, from the user's
// Kerberos ticket or keytab, handed to its AM over the control API (owner only: the secret and
// the application's CA come from the 0700 staging dir).
//
// `credentials`: what a dask Client outside the cluster needs to reach an application's scheduler
// (the CA and the dask leaf, from the 0700 staging directory), written as 0600 files.
import type { CredentialsStatus } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import { appStagingDir, openCluster, type ClusterOptions } from "./cluster.js";
import { connect, type ConnectOptions } from "./connect.js";
import { hdfsTokenService } from "./delegation.js";
import { refreshedTokens } from "../webhdfs/index.js";
import { checkAppId } from "./errors.js";
import { isLocalAppId } from "../control/local-layout.js";
import { localClientCredentials } from "./local/apps.js";
import { readClientCredentials, writeClientCredentials, type WrittenCredentials } from "./app-tls.js";

/** Writes ca.pem, cert.pem and key.pem of `appId` into `dir`; returns their paths and the Security(...) line. */
export async function credentials(
  appId: string,
  dir: string,
  options: ClusterOptions = {},
): Promise<WrittenCredentials> {
  if (isLocalAppId(appId)) return writeClientCredentials(dir, localClientCredentials(appId, options.env));
  checkAppId(appId);
  const session = await openCluster(options);
  const creds = await readClientCredentials(session.hdfs, appStagingDir(session, appId), appId);
  return writeClientCredentials(dir, creds);
}

/** Obtains fresh HDFS delegation tokens and hands them to the application's AM; returns its token status. */
export async function refreshCredentials(appId: string, options: ConnectOptions = {}): Promise<CredentialsStatus> {
  if (isLocalAppId(appId)) throw notKerberized(appId);
  checkAppId(appId);
  const session = await openCluster(options);
  if (!session.addresses.securityEnabled) throw notKerberized(appId);
  const service = await hdfsTokenService(session.addresses);
  const fresh = await refreshedTokens(service, session.hdfs, session.user);
  const app = await connect(appId, options);
  return (await app.client.refreshCredentials(fresh)).credentials;
}

function notKerberized(appId: string): TsdaskError {
  return new TsdaskError(
    "CREDENTIALS_NOT_KERBEROS",
    `${appId} runs without Kerberos (hadoop.security.authentication is simple): it has no delegation tokens to refresh`,
    "Only applications on a Kerberized cluster use delegation tokens; nothing needs refreshing here.",
  );
}
