// up / down / status of the local cluster: four kinds of daemons as separate JVMs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nodeManagerProps, writeConf } from "./config.js";
import { type Daemon, HADOOP_VERSION, HOST, type Layout, nmPorts, PORTS } from "./layout.js";
import { type ClusterOptions, sameOptions } from "./options.js";
import { killOrphanContainers, logFile, portFree, runningPid, startDaemon, stopDaemon, tail } from "./processes.js";
import { ADMIN_USER, kdcRunning, kinit, OTHER_USER, prepareRealm, startKdc, stopKdc, TEST_USER } from "./kdc.js";
import { DaemonDied, hdfsReady, nodesRunning, rmStarted, waitFor, webhdfs } from "./readiness.js";
import { type SecureInfo, secureInfo, secureJvmFlags } from "./secure-config.js";
import { ensureNativeLikeFs } from "./native-like-fs.js";
import { ensureShim } from "./native-shim.js";
import { ensureCertificates } from "./tls.js";
import { ClusterError, ensureJars, javaCommand, javaHome, javaMajor } from "./tools.js";
import { type WebAccess, webAccess } from "./web-access.js";

type DaemonKind = "namenode" | "datanode" | "resourcemanager" | "nodemanager";
const MAIN: Record<DaemonKind, string> = {
  namenode: "org.apache.hadoop.hdfs.server.namenode.NameNode",
  datanode: "org.apache.hadoop.hdfs.server.datanode.DataNode",
  resourcemanager: "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager",
  nodemanager: "org.apache.hadoop.yarn.server.nodemanager.NodeManager",
};
const HEAP_MB: Record<DaemonKind, number> = { namenode: 512, datanode: 384, resourcemanager: 768, nodemanager: 512 };
const isDaemonKind = (k: string): k is DaemonKind => Object.hasOwn(MAIN, k);

export interface ClusterState {
  hadoopVersion: string;
  options: ClusterOptions;
  user: string;
  confDir: string;
  rmWeb: string;
  nnWeb: string;
  defaultFS: string;
  startedAt: string;
  /** Only on `up --secure`: realm, krb5.conf, keytabs, ticket caches, CA PEM (see secure-config.ts). */
  security?: SecureInfo;
}

export function daemons(nodes: number): Daemon[] {
  return [
    "namenode",
    "datanode",
    "resourcemanager",
    ...Array.from({ length: nodes }, (_, i) => `nodemanager${i}` as const),
  ];
}

export function readState(l: Layout): ClusterState | undefined {
  return existsSync(l.stateFile) ? (JSON.parse(readFileSync(l.stateFile, "utf8")) as ClusterState) : undefined;
}

/** Names of our daemons that are alive, by pid file. */
export function liveDaemons(l: Layout): string[] {
  return daemons(2).filter((d) => runningPid(l, d) !== undefined);
}

function portsOf(d: string): number[] {
  if (d === "kdc") return [PORTS.kdc];
  if (d === "namenode") return [PORTS.nnRpc, PORTS.nnHttp, PORTS.nnHttps];
  if (d === "datanode") return [PORTS.dnData, PORTS.dnHttp, PORTS.dnHttps, PORTS.dnIpc];
  if (d === "resourcemanager")
    return [PORTS.rmScheduler, PORTS.rmTracker, PORTS.rmClient, PORTS.rmAdmin, PORTS.rmWeb, PORTS.rmWebHttps];
  const p = nmPorts(Number(d.slice("nodemanager".length)));
  return [p.localizer, p.rpc, p.web, p.webHttps];
}

async function checkPorts(list: string[]): Promise<void> {
  for (const d of list)
    for (const port of portsOf(d))
      if (!(await portFree(port)))
        throw new ClusterError(
          `port ${HOST}:${port} (needed by the ${d}) is already in use by another process. ` +
            `Stop that process (see: ss -ltnp 'sport = :${port}') or run 'cluster/hadoop down' if it is an old cluster.`,
        );
}

function formatIfNeeded(l: Layout, o: ClusterOptions, log: (s: string) => void): void {
  if (existsSync(join(l.data, "nn", "current", "VERSION"))) {
    if (!existsSync(dataVersionFile(l))) writeFileSync(dataVersionFile(l), `${HADOOP_VERSION}\n`);
    return;
  }
  log("formatting the NameNode");
  const cmd = javaCommand(l, MAIN.namenode, ["-format", "-force", "-nonInteractive", "-clusterid", "tsdask-local"], {
    heapMb: 256,
    name: "namenode-format",
    jvmFlags: o.secure ? secureJvmFlags(l) : [],
  });
  const r = spawnSync(cmd.java, cmd.args, { env: cmd.env, cwd: l.run, encoding: "utf8" });
  if (r.status !== 0)
    throw new ClusterError(`NameNode format failed:\n${(r.stdout + r.stderr).split("\n").slice(-30).join("\n")}`);
  writeFileSync(dataVersionFile(l), `${HADOOP_VERSION}\n`);
}

const dataVersionFile = (l: Layout) => join(l.data, "hadoop-version");

/**
 * HDFS metadata is written in the layout of the release that formatted it: an older NameNode
 * refuses a newer layout, a newer one needs `-upgrade`. So one data dir belongs to one release;
 * checked before anything running is stopped. Data from before this marker is taken as the running version's.
 */
export function checkDataVersion(l: Layout): void {
  if (!existsSync(dataVersionFile(l))) return;
  const was = readFileSync(dataVersionFile(l), "utf8").trim();
  if (was !== HADOOP_VERSION)
    throw new ClusterError(
      `the HDFS data in ${l.data} belongs to Hadoop ${was}, not ${HADOOP_VERSION} (TSDASK_HADOOP_VERSION). ` +
        `Give each version its own TSDASK_CLUSTER_DIR, or run 'cluster/hadoop clean' (deletes that data) first.`,
    );
}

export function startOne(l: Layout, o: ClusterOptions, d: string): number {
  const kind = d.startsWith("nodemanager") ? "nodemanager" : d;
  if (!isDaemonKind(kind)) throw new ClusterError(`no daemon kind '${kind}' (from '${d}')`);
  const args: string[] = [];
  if (kind === "nodemanager")
    for (const [k, v] of Object.entries(nodeManagerProps(l, Number(d.slice(kind.length)), o.secure)))
      args.push("-D", `${k}=${v}`);
  // No libhadoop.so from Maven Central: the NM localizes through java.nio (--local-fs nio,
  // native-like-fs.ts) and, secure, reads container logs through our SecureIOUtils (native-shim.ts).
  const nm = kind === "nodemanager";
  const classpath = [
    ...(nm && o.localFs === "nio" ? [ensureNativeLikeFs(l, o)] : []),
    ...(nm && o.secure ? [ensureShim(l)] : []),
  ];
  const opts = { heapMb: HEAP_MB[kind], name: d, classpath };
  if (!o.secure) return startDaemon(l, d, javaCommand(l, MAIN[kind], args, opts));
  return startDaemon(l, d, javaCommand(l, MAIN[kind], args, { ...opts, jvmFlags: secureJvmFlags(l) }));
}

export interface UpResult {
  state: ClusterState;
  alreadyRunning: boolean;
  seconds: number;
  jarSeconds: number;
}

export async function up(l: Layout, o: ClusterOptions, log: (s: string) => void, explicit: boolean): Promise<UpResult> {
  const t0 = Date.now();
  const prev = readState(l);
  const live = liveDaemons(l);
  const kdcOk = !prev?.options.secure || kdcRunning(l);
  const allLive = prev !== undefined && live.length === daemons(prev.options.nodes).length;
  const sameVersion = prev?.hadoopVersion === HADOOP_VERSION;
  if (prev && kdcOk && allLive && sameVersion && (!explicit || sameOptions(prev.options, o))) {
    // Tickets last a day: a long-running cluster's users get fresh ones on every `up`.
    if (prev.options.secure) for (const u of [ADMIN_USER, TEST_USER, OTHER_USER]) kinit(l, u);
    return { state: prev, alreadyRunning: true, seconds: 0, jarSeconds: 0 };
  }
  checkDataVersion(l);
  if (live.length > 0) {
    const why = !sameVersion
      ? `Hadoop ${prev?.hadoopVersion ?? "?"} is running, ${HADOOP_VERSION} was asked for`
      : prev && !sameOptions(prev.options, o)
        ? "options changed"
        : `only ${live.join(", ")} running`;
    log(`restarting: ${why}`);
    await down(l, log);
  }
  await stopKdc(l); // a KDC left without its daemons: start afresh
  const home = javaHome();
  const major = javaMajor(home);
  if (major < 8)
    throw new ClusterError(`Java ${major} at ${home} is too old; Hadoop ${HADOOP_VERSION} needs 8, 11 or 17`);
  const jars = ensureJars(l, log);
  const list = daemons(o.nodes);
  await checkPorts(o.secure ? ["kdc", ...list] : list);
  mkdirSync(l.run, { recursive: true });
  const pids: Record<string, number> = {};
  if (o.secure) {
    prepareRealm(l, log);
    ensureCertificates(l, log);
    pids.kdc = await startKdc(l);
    for (const u of [TEST_USER, OTHER_USER]) kinit(l, u);
  }
  writeConf(l, o);
  formatIfNeeded(l, o, log);
  for (const d of list) pids[d] = startOne(l, o, d);
  log(`started ${list.join(", ")}; waiting for readiness`);
  const w = webAccess(l, o.secure);
  try {
    await waitFor("HDFS (NameNode out of safe mode with a live DataNode)", () => hdfsReady(w), pids, 120_000);
    await waitFor("the ResourceManager to be STARTED", () => rmStarted(w), pids, 120_000);
    await waitFor(`${o.nodes} NodeManager(s) RUNNING`, () => nodesRunning(w, o.nodes), pids, 120_000);
  } catch (e) {
    const which = e instanceof DaemonDied ? e.daemon : undefined;
    const detail = which ? `\n--- last lines of ${logFile(l, which)} ---\n${tail(logFile(l, which))}` : "";
    await down(l, () => {});
    throw new ClusterError(`${(e as Error).message}${detail}`);
  }
  // On the secure cluster the identity is the ticket's: the test user's principal maps to TEST_USER.
  const user = o.secure ? TEST_USER : (process.env.HADOOP_USER_NAME ?? process.env.USER ?? "root");
  await prepareHdfs(w, o.secure ? [TEST_USER, OTHER_USER] : [user]);
  const state: ClusterState = {
    hadoopVersion: HADOOP_VERSION,
    options: o,
    user,
    confDir: l.conf,
    rmWeb: w.rmWeb,
    nnWeb: w.nnWeb,
    defaultFS: `hdfs://${HOST}:${PORTS.nnRpc}`,
    startedAt: new Date().toISOString(),
    ...(o.secure ? { security: secureInfo(l) } : {}),
  };
  writeFileSync(l.stateFile, JSON.stringify(state, null, 2));
  return { state, alreadyRunning: false, seconds: (Date.now() - t0) / 1000, jarSeconds: jars.seconds };
}

/** /tmp (1777), /tmp/logs for log aggregation, and each user's home owned by the user. */
async function prepareHdfs(w: WebAccess, users: string[]): Promise<void> {
  await webhdfs(w, "PUT", "/tmp/logs", "MKDIRS");
  await webhdfs(w, "PUT", "/tmp", "SETPERMISSION", "&permission=1777");
  await webhdfs(w, "PUT", "/tmp/logs", "SETPERMISSION", "&permission=1777");
  for (const user of users) {
    await webhdfs(w, "PUT", `/user/${user}`, "MKDIRS");
    await webhdfs(w, "PUT", `/user/${user}`, "SETOWNER", `&owner=${encodeURIComponent(user)}`);
  }
}

/** Stops our daemons in reverse order (NMs, RM, DN, NN) and kills orphaned containers. */
export async function down(l: Layout, log: (s: string) => void): Promise<string[]> {
  const stopped: string[] = [];
  for (const d of daemons(2).reverse()) if (await stopDaemon(l, d)) stopped.push(d);
  if (await stopKdc(l)) stopped.push("kdc");
  for (let i = 0; i < 2; i++) {
    const n = killOrphanContainers(join(l.data, `nm${i}`, "local"));
    if (n) log(`killed ${n} orphaned container process group(s) of nodemanager${i}`);
  }
  rmSync(l.stateFile, { force: true });
  return stopped;
}
