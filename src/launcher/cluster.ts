// Where the cluster is and who we are on it: addresses from the spec's hadoop section (or
// $HADOOP_CONF_DIR), the ResourceManager REST and WebHDFS clients, the user and the HDFS staging
// root. Every launcher entry point (submit, connect, kill, ...) starts here.
import { clusterAddresses, type ClusterAddresses } from "../hadoop-conf/index.js";
import type { ApplicationSpec, HadoopSpec } from "../spec/index.js";
import { APP_FILES, STAGING } from "../control/runtime.js";
import { WebHdfsClient } from "../webhdfs/index.js";
import { ResourceManagerClient } from "../yarn-rest/index.js";
import { clusterAccess, securityOf, type SecurityOptions } from "./access.js";
import type { NodeAccess } from "./logs/container-logs.js";
import { resolveUser } from "./user.js";

/** Options shared by every launcher call that reaches the cluster. */
export interface ClusterOptions {
  /** Where the cluster is (the spec's `hadoop:` section); default: $HADOOP_CONF_DIR. */
  readonly hadoop?: HadoopSpec;
  /** The HDFS/YARN user (simple auth `user.name`); default $HADOOP_USER_NAME, else the OS user. */
  readonly user?: string;
  /** HDFS directory holding `.tsdask-yarn/`; default the user's HDFS home. */
  readonly stagingRoot?: string;
  /** Environment for HADOOP_CONF_DIR / HADOOP_USER_NAME (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Deadline of one REST call (default: the clients' own). */
  readonly requestTimeoutMs?: number;
  /** Kerberos login, proxy user and CA file (secure / HTTPS_ONLY clusters). */
  readonly security?: SecurityOptions;
  /** How long a call waits out a restarting/recovering ResourceManager (default 120 s). */
  readonly rmRecoveryWaitMs?: number;
  /** Told once when a call starts waiting for the ResourceManager to recover (the CLI: stderr). */
  readonly onNotice?: (message: string) => void;
}

export interface ClusterSession {
  readonly addresses: ClusterAddresses;
  readonly rm: ResourceManagerClient;
  readonly hdfs: WebHdfsClient;
  readonly user: string;
  /** How to read container logs from the NodeManagers (auth and TLS of this session). */
  readonly nodeAccess: NodeAccess;
  /** `<staging root>/.tsdask-yarn`, absolute, without a trailing slash. */
  readonly baseDir: string;
  /** `<baseDir>/cache`: the content-addressed upload cache. */
  readonly cacheDir: string;
}

/** Where an application of this spec runs and who submits it: what every call after submit is given. */
export function clusterOptionsOf(
  spec: ApplicationSpec,
  options: Pick<ClusterOptions, "env" | "user" | "onNotice">,
): ClusterOptions {
  return {
    hadoop: spec.hadoop,
    ...((spec.user ?? options.user) !== undefined ? { user: spec.user ?? options.user } : {}),
    ...(spec.stagingDir !== undefined ? { stagingRoot: spec.stagingDir } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    security: securityOf(spec),
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  };
}

/** The auth/TLS to read NodeManager logs with, without touching HDFS (for `logs`). */
export function nodeAccessFor(options: ClusterOptions = {}): NodeAccess {
  return clusterAccess(addressesOf(options), resolveUser(options.user, options.env), options.security).nodeAccess;
}

/** The cluster's addresses: the conf dir's, with the spec's explicit ones on top. */
export function addressesOf(options: ClusterOptions): ClusterAddresses {
  const h = options.hadoop ?? {};
  return clusterAddresses({
    confDir: h.confDir,
    env: options.env,
    overrides: {
      rmWebUrls: h.rmWebAddresses,
      nameNodeWebUrls: h.namenodeWebAddresses,
      rmSchedulerAddress: h.rmSchedulerAddress,
    },
  });
}

/** A session's clients alone: what a caller that needs no staging directory uses (list, polling). */
export type ClusterClients = Omit<ClusterSession, "baseDir" | "cacheDir">;

/** The clients, without any call: addresses, RM REST and WebHDFS clients, the user, NodeManager access. */
export function clusterClients(options: ClusterOptions = {}): ClusterClients {
  const addresses = addressesOf(options);
  const user = resolveUser(options.user, options.env);
  const timeoutMs = options.requestTimeoutMs;
  const { auth, tls, nodeAccess } = clusterAccess(addresses, user, options.security);
  const http = { user, auth, tls, ...(timeoutMs ? { timeoutMs } : {}) };
  const rm = ResourceManagerClient.fromAddresses(addresses, http);
  const hdfs = WebHdfsClient.fromAddresses(addresses, http);
  return { addresses, rm, hdfs, user, nodeAccess };
}

/** Connects to nothing yet; only the home directory lookup (when no staging root is given) talks to HDFS. */
export async function openCluster(options: ClusterOptions = {}): Promise<ClusterSession> {
  const clients = clusterClients(options);
  const root = (options.stagingRoot ?? (await clients.hdfs.homeDirectory())).replace(/\/+$/, "");
  const baseDir = `${root}/${STAGING.base}`;
  return { ...clients, baseDir, cacheDir: `${baseDir}/${STAGING.cache}` };
}

/** `<baseDir>/apps/<appId>`: the per-application staging directory. */
export function appStagingDir(session: Pick<ClusterSession, "baseDir">, appId: string): string {
  return `${session.baseDir}/${STAGING.apps}/${appId}`;
}

/** The secret's HDFS path inside an application's staging directory. */
export function secretPath(stagingDir: string): string {
  return `${stagingDir}/${APP_FILES.secret}`;
}

/** hdfs://authority + an absolute path: the URL form YARN local resources and the staged spec use. */
export function hdfsUrl(defaultFS: string, path: string): string {
  return `${defaultFS.replace(/\/+$/, "")}${path}`;
}
