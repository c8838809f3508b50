// Writes the HADOOP_CONF_DIR of the local cluster: core-site, hdfs-site, yarn-site,
// capacity-scheduler and log4j. Every daemon binds to 127.0.0.1 only.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { HOST, type Layout, nmPorts, PORTS } from "./layout.js";
import type { ClusterOptions } from "./options.js";
import { secureCoreSite, secureHdfsSite, secureNodeManagerProps, secureYarnSite } from "./secure-config.js";
import { sslClient, sslServer, tlsPaths } from "./tls.js";
import { type Props, writeSite } from "./xml.js";

/** The NodeManagers' rolling log aggregation interval (seconds); tests wait on it. */
export const LOG_ROLL_SECONDS = 15;

export function coreSite(l: Layout, o: ClusterOptions): Props {
  return {
    "fs.defaultFS": `hdfs://${HOST}:${PORTS.nnRpc}`,
    "hadoop.tmp.dir": join(l.data, "tmp"),
    "hadoop.rpc.protection": o.rpcProtection,
    "hadoop.http.staticuser.user": "root",
    "hadoop.proxyuser.root.hosts": "*",
    "hadoop.proxyuser.root.groups": "*",
    // No libhadoop: the JNI group mapping would only log a warning and fall back anyway.
    "hadoop.security.group.mapping": "org.apache.hadoop.security.ShellBasedUnixGroupsMapping",
    ...(o.acls
      ? {
          // Every web endpoint learns the caller from ?user.name= (PseudoAuthenticationHandler):
          // without it the static user (root, an admin) would be everybody's identity.
          "hadoop.http.filter.initializers": "org.apache.hadoop.security.AuthenticationFilterInitializer",
          "hadoop.http.authentication.type": "simple",
          "hadoop.http.authentication.simple.anonymous.allowed": true,
        }
      : {}),
  };
}

export function hdfsSite(l: Layout): Props {
  return {
    "dfs.replication": 1,
    "dfs.namenode.name.dir": `file://${join(l.data, "nn")}`,
    "dfs.datanode.data.dir": `file://${join(l.data, "dn")}`,
    "dfs.namenode.rpc-address": `${HOST}:${PORTS.nnRpc}`,
    "dfs.namenode.http-address": `${HOST}:${PORTS.nnHttp}`,
    "dfs.namenode.secondary.http-address": `${HOST}:${PORTS.nnHttp - 2}`,
    "dfs.datanode.address": `${HOST}:${PORTS.dnData}`,
    "dfs.datanode.http.address": `${HOST}:${PORTS.dnHttp}`,
    "dfs.datanode.ipc.address": `${HOST}:${PORTS.dnIpc}`,
    // WebHDFS redirects to the host name the DataNode reports: keep it on loopback.
    "dfs.datanode.hostname": HOST,
    "dfs.namenode.safemode.extension": 0,
    "dfs.namenode.resource.du.reserved": 10 * 1024 * 1024,
    "dfs.permissions.enabled": true,
    "dfs.namenode.heartbeat.recheck-interval": 15_000,
  };
}

export function yarnSite(l: Layout, o: ClusterOptions): Props {
  const p: Props = {
    "yarn.resourcemanager.hostname": HOST,
    "yarn.resourcemanager.address": `${HOST}:${PORTS.rmClient}`,
    "yarn.resourcemanager.scheduler.address": `${HOST}:${PORTS.rmScheduler}`,
    "yarn.resourcemanager.resource-tracker.address": `${HOST}:${PORTS.rmTracker}`,
    "yarn.resourcemanager.admin.address": `${HOST}:${PORTS.rmAdmin}`,
    "yarn.resourcemanager.webapp.address": `${HOST}:${PORTS.rmWeb}`,
    "yarn.resourcemanager.am.max-attempts": o.amMaxAttempts,
    "yarn.resourcemanager.connect.retry-interval.ms": 1000,
    "yarn.nodemanager.hostname": HOST,
    "yarn.nodemanager.resource.memory-mb": o.nmMemoryMb,
    "yarn.nodemanager.resource.cpu-vcores": o.nmVcores,
    "yarn.scheduler.minimum-allocation-mb": 128,
    "yarn.scheduler.maximum-allocation-mb": o.nmMemoryMb,
    "yarn.scheduler.maximum-allocation-vcores": o.nmVcores,
    // V8 and the JVM reserve far more virtual memory than they use.
    "yarn.nodemanager.vmem-check-enabled": false,
    "yarn.nodemanager.pmem-check-enabled": true,
    // Hadoop 3.4 defaults this to true ("Strict memory control enabled") and then leaves memory
    // limits to the cgroups OOM killer, skipping the pmem check; without cgroups nothing killed a
    // container over its memory. false: the NM's process-tree monitor enforces the limit.
    "yarn.nodemanager.resource.memory.enforced": false,
    // Developer disks are often >90 % full; an UNHEALTHY node gets no containers.
    "yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage": 99.9,
    "yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb": 0,
    "yarn.log-aggregation-enable": true,
    "yarn.nodemanager.remote-app-log-dir": "/tmp/logs",
    "yarn.log-aggregation.retain-seconds": 86_400,
    // Applications that name rolled logs (tsdask-yarn's closed log parts) get them uploaded while
    // they run, every this many seconds. The NodeManager raises anything below 3600 s to 3600 s
    // unless debug-enabled is set (AppLogAggregatorImpl): a test cannot wait an hour.
    "yarn.nodemanager.log-aggregation.roll-monitoring-interval-seconds": LOG_ROLL_SECONDS,
    "yarn.nodemanager.log-aggregation.debug-enabled": true,
    ...logAggregationProps(o),
    "yarn.nodemanager.env-whitelist":
      "JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,HADOOP_HOME,PATH,LANG,TZ",
    // Containers with Java AMs (DistributedShell) find Hadoop's classes here, not under HADOOP_HOME/share.
    "yarn.application.classpath": `${l.conf},${l.lib}/*`,
    "yarn.nm.liveness-monitor.expiry-interval-ms": o.nmExpiryMs,
    "yarn.am.liveness-monitor.expiry-interval-ms": 60_000,
    "yarn.resourcemanager.nodemanagers.heartbeat-interval-ms": o.manySmallContainers ? 100 : 500,
    "yarn.nodemanager.delete.debug-delay-sec": 600,
    "yarn.timeline-service.enabled": false,
    "yarn.webapp.ui2.enable": false,
  };
  if (o.acls) {
    Object.assign(p, {
      "yarn.acl.enable": true,
      // The default admin ACL is "*" (everyone); only the user running the daemons is admin here.
      "yarn.admin.acl": userInfo().username,
    });
  }
  if (o.recovery) {
    Object.assign(p, {
      "yarn.resourcemanager.recovery.enabled": true,
      "yarn.resourcemanager.store.class":
        "org.apache.hadoop.yarn.server.resourcemanager.recovery.FileSystemRMStateStore",
      "yarn.resourcemanager.fs.state-store.uri": `file://${join(l.data, "rmstore")}`,
      "yarn.resourcemanager.work-preserving-recovery.enabled": true,
    });
  }
  return p;
}

/**
 * The aggregated-log writer. The first format of yarn.log-aggregation.file-formats writes; all
 * listed ones read, so `yarn logs` reads both kinds whichever is chosen.
 */
function logAggregationProps(o: ClusterOptions): Props {
  const formats = o.logAggregation === "indexed" ? "IndexedFormat,TFile" : "TFile,IndexedFormat";
  const controllers = "org.apache.hadoop.yarn.logaggregation.filecontroller";
  return {
    "yarn.log-aggregation.file-formats": formats,
    "yarn.log-aggregation.file-controller.TFile.class": `${controllers}.tfile.LogAggregationTFileController`,
    "yarn.log-aggregation.file-controller.IndexedFormat.class": `${controllers}.ifile.LogAggregationIndexedFileController`,
    "yarn.nodemanager.log-aggregation.compression-type": o.logCompression,
  };
}

/** Per-NodeManager overrides, passed as `-D key=value` after the main class. */
export function nodeManagerProps(l: Layout, i: number, secure = false): Props {
  const ports = nmPorts(i);
  const dir = join(l.data, `nm${i}`);
  const p: Props = {
    "yarn.nodemanager.address": `${HOST}:${ports.rpc}`,
    "yarn.nodemanager.localizer.address": `${HOST}:${ports.localizer}`,
    "yarn.nodemanager.webapp.address": `${HOST}:${ports.web}`,
    "yarn.nodemanager.collector-service.address": `${HOST}:${ports.collector}`,
    "yarn.nodemanager.local-dirs": join(dir, "local"),
    "yarn.nodemanager.log-dirs": join(dir, "logs"),
  };
  return secure ? { ...p, ...secureNodeManagerProps(i) } : p;
}

const CAPACITY_SCHEDULER: Props = {
  "yarn.scheduler.capacity.root.queues": "default",
  "yarn.scheduler.capacity.root.default.capacity": 100,
  "yarn.scheduler.capacity.root.default.maximum-capacity": 100,
  // The default 0.1 lets only one AM per queue start on a small cluster.
  "yarn.scheduler.capacity.maximum-am-resource-percent": 0.5,
  "yarn.scheduler.capacity.resource-calculator": "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator",
  "yarn.scheduler.capacity.node-locality-delay": -1,
  "yarn.scheduler.capacity.root.default.acl_submit_applications": "*",
  "yarn.scheduler.capacity.root.default.acl_administer_queue": "*",
};

/**
 * With --acls, only the admin administers the queues: a queue administrator may kill any
 * application in the queue, and an open ADMINISTER_QUEUE (here "*" on root and default) would let
 * every user past the applications' own MODIFY_APP ACLs.
 */
export function capacityScheduler(o: ClusterOptions): Props {
  const base = o.manySmallContainers ? { ...CAPACITY_SCHEDULER, ...MANY_SMALL_CONTAINERS } : CAPACITY_SCHEDULER;
  if (!o.acls) return base;
  const admin = userInfo().username;
  return {
    ...base,
    "yarn.scheduler.capacity.root.acl_administer_queue": admin,
    "yarn.scheduler.capacity.root.default.acl_administer_queue": admin,
  };
}
// By default the CapacityScheduler places one off-switch (locality ANY) container per NodeManager
// heartbeat, so one node hands out ~2 containers/s at a 500 ms heartbeat. Sites running many small
// containers raise the per-heartbeat limits; --many-small-containers does the same (and the RM asks
// NMs to heartbeat every 100 ms, yarn-site above).
const MANY_SMALL_CONTAINERS: Props = {
  "yarn.scheduler.capacity.per-node-heartbeat.multiple-assignments-enabled": true,
  "yarn.scheduler.capacity.per-node-heartbeat.maximum-container-assignments": 100,
  "yarn.scheduler.capacity.per-node-heartbeat.maximum-offswitch-assignments": 100,
};

const LOG4J = `# daemons log to stdout, which cluster/hadoop sends to logs/<daemon>.log
log4j.rootLogger=INFO,console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.target=System.out
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n
log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
log4j.logger.org.apache.hadoop.conf.Configuration.deprecation=WARN
log4j.logger.org.apache.hadoop.hdfs.StateChange=WARN
log4j.logger.BlockStateChange=WARN
`;

/** Everything core-site.xml holds for these options. */
export function coreSiteProps(l: Layout, o: ClusterOptions): Props {
  return { ...coreSite(l, o), ...(o.secure ? secureCoreSite(l) : {}) };
}

export function writeConf(l: Layout, o: ClusterOptions): void {
  mkdirSync(l.conf, { recursive: true });
  const secure = o.secure;
  writeSite(join(l.conf, "core-site.xml"), coreSiteProps(l, o));
  writeSite(join(l.conf, "hdfs-site.xml"), { ...hdfsSite(l), ...(secure ? secureHdfsSite(l, o) : {}) });
  writeSite(join(l.conf, "yarn-site.xml"), { ...yarnSite(l, o), ...(secure ? secureYarnSite(l, o) : {}) });
  for (const [file, props] of [
    ["ssl-server.xml", sslServer],
    ["ssl-client.xml", sslClient],
  ] as const) {
    if (secure) writeSite(join(l.conf, file), props(tlsPaths(l)));
    else rmSync(join(l.conf, file), { force: true });
  }
  writeSite(join(l.conf, "capacity-scheduler.xml"), capacityScheduler(o));
  writeFileSync(join(l.conf, "log4j.properties"), LOG4J);
}
