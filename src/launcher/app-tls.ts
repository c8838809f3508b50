// The launcher's side of per-application TLS (docs/design.md §7): making the credentials at
// submit and staging them (0600 in the 0700 staging directory), reading them back for the control
// client and for `tsdask-yarn credentials`, and writing the user's copy for a local dask Client.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { APP_FILES } from "../control/runtime.js";
import { makeAppCredentials } from "../security/index.js";
import { readStagedText } from "./staged-text.js";
import type { WebHdfsClient } from "../webhdfs/index.js";
import { LauncherError } from "./errors.js";

/** What the AM localizes for itself: the CA certificate and key (it issues its own server cert). */
export interface StagedTls {
  readonly caFile: StagedPath;
  readonly caKeyFile: StagedPath;
  /** The CA certificate, PEM: what the launcher's control client trusts. */
  readonly caPem: string;
}

interface StagedPath {
  readonly path: string;
  readonly size: number;
  readonly timestamp: number;
}

export type PutFile = (path: string, text: string) => Promise<StagedPath>;

/** Makes the application's CA and dask leaf and stages the four files (each 0600 through `put`). */
export async function stageTls(put: PutFile, stagingDir: string, appId: string): Promise<StagedTls> {
  const creds = makeAppCredentials(appId);
  const caFile = await put(`${stagingDir}/${APP_FILES.tlsCa}`, creds.ca.cert);
  const caKeyFile = await put(`${stagingDir}/${APP_FILES.tlsCaKey}`, creds.ca.key);
  await put(`${stagingDir}/${APP_FILES.tlsCert}`, creds.dask.cert);
  await put(`${stagingDir}/${APP_FILES.tlsKey}`, creds.dask.key);
  return { caFile, caKeyFile, caPem: creds.ca.cert };
}

export { readCaPem, readStagedText } from "./staged-text.js";

/** What a dask Client outside the cluster needs: the CA and the dask leaf, PEM. */
export interface ClientCredentials {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export async function readClientCredentials(
  hdfs: WebHdfsClient,
  stagingDir: string,
  appId: string,
): Promise<ClientCredentials> {
  const [ca, cert, key] = await Promise.all(
    [APP_FILES.tlsCa, APP_FILES.tlsCert, APP_FILES.tlsKey].map((f) => readStagedText(hdfs, `${stagingDir}/${f}`)),
  );
  if (ca === undefined || cert === undefined || key === undefined) {
    throw new LauncherError(
      "APP_NO_TLS",
      `${appId} has no TLS credentials in ${stagingDir}`,
      "It was submitted with --no-tls (tls: false), or it has ended, or it was submitted by another user or " +
        "with another staging-dir.",
    );
  }
  return { ca, cert, key };
}

/** The files `writeClientCredentials` made, and the Python line that uses them. */
export interface WrittenCredentials {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** `Security(...)` for distributed.Client(address, security=...). */
  readonly security: string;
}

export const CREDENTIAL_FILES = { ca: "ca.pem", cert: "cert.pem", key: "key.pem" } as const;

/** A Python string literal for a path (JSON's escaping is valid Python for these characters). */
const py = (s: string): string => JSON.stringify(s);

export function securityLine(caFile: string, certFile: string, keyFile: string): string {
  return (
    `Security(tls_ca_file=${py(caFile)}, tls_client_cert=${py(certFile)}, ` +
    `tls_client_key=${py(keyFile)}, require_encryption=True)`
  );
}

/** Writes ca.pem, cert.pem, key.pem into `dir` (created 0700; files 0600, also when they existed). */
export function writeClientCredentials(dir: string, creds: ClientCredentials): WrittenCredentials {
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true, mode: 0o700 });
    const paths = {
      ca: join(abs, CREDENTIAL_FILES.ca),
      cert: join(abs, CREDENTIAL_FILES.cert),
      key: join(abs, CREDENTIAL_FILES.key),
    };
    for (const k of ["ca", "cert", "key"] as const) {
      writeFileSync(paths[k], creds[k], { mode: 0o600 });
      // writeFileSync's mode applies only to a new file: an older, looser file is tightened too.
      chmodSync(paths[k], 0o600);
    }
    return {
      caFile: paths.ca,
      certFile: paths.cert,
      keyFile: paths.key,
      security: securityLine(paths.ca, paths.cert, paths.key),
    };
  } catch (e) {
    throw new LauncherError(
      "CREDENTIALS_WRITE",
      `cannot write the credentials into ${abs}: ${(e as Error).message}`,
      "Give a directory you can write (--dir).",
      { cause: e },
    );
  }
}
