// `credentials`: what a dask Client outside the cluster needs to reach an application's scheduler
// (the CA and the dask leaf, from the 0700 staging directory), written as 0600 files.
import { appStagingDir, openCluster, type ClusterOptions } from "./cluster.js";
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
