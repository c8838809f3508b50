// Local mode (`submit --local`): the contract between the launcher, which makes a local
// application's directory and starts its AM as a process, and that AM, which runs the services as
// local process groups. There is no ResourceManager to keep what YARN keeps (the state, the final
// status, the logs), so the application's directory keeps it, under the user's tsdask-yarn home.
//
// <home>/local/apps/<appId>/
//   app.json          LocalAppInfo, written by the launcher before the AM starts
//   am.json           LocalAmInfo, written by the AM once its control server listens
//   final.json        LocalFinal, written by the AM when it unregisters
//   staging/          as APP_FILES (spec, secret, TLS, files, journal); deleted at the end, like HDFS's
//   runtime/          bin/node and the service wrapper bundle, linked (the "tsdask" resource)
//   containers/<id>/  each container's working directory (the AM's too); deleted when it ends
//   logs/<id>/        stdout, stderr and the instance id of each container, kept after the end

/** `local_<millis>_<n>`: the same shape as YARN's ids, so sorting and containers' ids work alike. */
export const LOCAL_APP_ID = /^local_(\d{10,16})_(\d{4,})$/;

export function isLocalAppId(id: string): boolean {
  return LOCAL_APP_ID.test(id);
}

export const LOCAL_FILES = {
  app: "app.json",
  am: "am.json",
  final: "final.json",
  staging: "staging",
  runtime: "runtime",
  containers: "containers",
  logs: "logs",
} as const;

/** In each container's log directory: the instance id (`dask.worker_3`) that ran there. */
export const INSTANCE_FILE = "instance";

/** The environment variable naming the application directory, for the local AM. */
export const LOCAL_APP_DIR_ENV = "TSDASK_LOCAL_APP_DIR";
/** Set to 1 when the AM's stdin is a pipe from the launcher that the AM must not outlive. */
export const LOCAL_TETHER_ENV = "TSDASK_LOCAL_TETHER";
/** The line the launcher writes on the tether to let the application outlive it. */
export const LOCAL_DETACH = "detach";

export interface LocalAppInfo {
  readonly appId: string;
  readonly name: string;
  readonly user: string;
  /** The two numbers of the id, as YARN's ApplicationId has them (clusterTimestamp, id). */
  readonly clusterTimestamp: number;
  readonly sequence: number;
  readonly submitTime: number;
  /** The unpacked Python environment (a directory), when the spec has one. */
  readonly environment?: string;
}

export interface LocalAmInfo {
  readonly pid: number;
  readonly controlUrl: string;
  readonly pageUrl?: string;
  readonly startTime: number;
}

export interface LocalFinal {
  readonly finalStatus: string;
  readonly diagnostics: string;
  readonly finishedTime: number;
}

/** The local AM's bundle beside appmaster.js and service.js in dist/. */
export const LOCAL_AM_BUNDLE = "appmaster-local.js";

/**
 * Container `n` of a local application (the AM is 1), as YARN writes the containers of attempt 1
 * (ContainerId.toString): local slots, logs and status read like a cluster's.
 */
export function localContainerId(clusterTimestamp: number, sequence: number, n: number): string {
  return `container_${clusterTimestamp}_${String(sequence).padStart(4, "0")}_01_${String(n).padStart(6, "0")}`;
}

/** The AM's container id. */
export const localAmContainerId = (clusterTimestamp: number, sequence: number): string =>
  localContainerId(clusterTimestamp, sequence, 1);

/** The local AM's attempt id (there is one attempt), as YARN's ApplicationAttemptId.toString. */
export function localAttemptId(clusterTimestamp: number, sequence: number): string {
  return `appattempt_${clusterTimestamp}_${String(sequence).padStart(4, "0")}_000001`;
}
