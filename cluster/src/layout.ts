// Where the local cluster keeps its jars, configs, data, logs and pid files, and which
// loopback ports each daemon uses. Everything lives under one work directory so that
// `down` and a fresh clone never touch anything else on the machine.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CLUSTER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const HADOOP_VERSION = process.env.TSDASK_HADOOP_VERSION ?? "3.4.2";
export const HOST = "127.0.0.1";

export interface Layout {
  work: string;
  lib: string;
  conf: string;
  data: string;
  logs: string;
  run: string;
  stateFile: string;
  /** KDC database, krb5.conf, keytabs, ticket caches, keystores and the CA PEM (`up --secure`). */
  security: string;
}

export function layout(work = process.env.TSDASK_CLUSTER_DIR ?? join(CLUSTER_DIR, ".work")): Layout {
  return {
    work,
    lib: join(work, `lib-${HADOOP_VERSION}`),
    conf: join(work, "conf"),
    data: join(work, "data"),
    logs: join(work, "logs"),
    run: join(work, "run"),
    stateFile: join(work, "run", "state.json"),
    security: join(work, "security"),
  };
}

/**
 * Added to every port, so a second cluster (say, a clean clone's CI run) can run beside
 * the first one on the same machine: TSDASK_PORT_OFFSET=10000.
 */
export const PORT_OFFSET = Number(process.env.TSDASK_PORT_OFFSET ?? 0);

/** Hadoop's usual ports, fixed so a HADOOP_CONF_DIR written once stays valid across restarts. */
export const PORTS = {
  nnRpc: 9000 + PORT_OFFSET,
  nnHttp: 9870 + PORT_OFFSET,
  dnData: 9866 + PORT_OFFSET,
  dnHttp: 9864 + PORT_OFFSET,
  dnIpc: 9867 + PORT_OFFSET,
  rmScheduler: 8030 + PORT_OFFSET,
  rmTracker: 8031 + PORT_OFFSET,
  rmClient: 8032 + PORT_OFFSET,
  rmAdmin: 8033 + PORT_OFFSET,
  rmWeb: 8088 + PORT_OFFSET,
  // HTTPS_ONLY (--secure) serves the web endpoints on Hadoop's usual https ports instead.
  nnHttps: 9871 + PORT_OFFSET,
  dnHttps: 9865 + PORT_OFFSET,
  rmWebHttps: 8090 + PORT_OFFSET,
  /** The MIT KDC of `up --secure` (TCP and UDP), in this cluster's block instead of 88. */
  kdc: 9088 + PORT_OFFSET,
} as const;

/** NodeManager i (0-based) gets its own block of ports: 8040.. for the first, 8140.. for the second. */
export function nmPorts(i: number) {
  const base = 8040 + 100 * i + PORT_OFFSET;
  return { localizer: base, rpc: base + 1, web: base + 2, webHttps: base + 4, collector: base + 8 };
}

export type Daemon = "namenode" | "datanode" | "resourcemanager" | `nodemanager${number}`;
