// cluster/hadoop: one entry point for the local Hadoop used by tests, benchmarks and the demo.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { down, liveDaemons, readState, up } from "./cluster.js";
import { HADOOP_VERSION, layout, nmPorts, PORT_OFFSET, PORTS } from "./layout.js";
import { type ClusterOptions, DEFAULT_OPTIONS, parseOptions, UsageError } from "./options.js";
import { killDaemon, restartDaemon } from "./faults.js";
import { logFile, tail } from "./processes.js";
import { kdcRunning, kerberosPaths, TEST_USER } from "./kdc.js";
import { secureJvmFlags } from "./secure-config.js";
import { ClusterError, ensureJars, javaCommand, TOOL_CLASSES } from "./tools.js";
import { webAccess } from "./web-access.js";

const USAGE = `usage: cluster/hadoop <command>
  up [--options-of STATE_JSON] [--nodes 1|2] [--rpc-protection authentication|integrity|privacy] [--recovery] [--acls]
     [--nm-expiry-ms MS] [--am-max-attempts N] [--nm-memory-mb MB] [--nm-vcores N]
     [--secure [--token-renew-ms MS] [--token-max-lifetime-ms MS]]
     [--log-aggregation tfile|indexed] [--log-compression none|gz] [--many-small-containers]
     [--local-fs nio|shell]
                     start the cluster (no-op if it already runs with these options;
                     restarts it when the options differ). --secure: Kerberos (a local MIT
                     KDC), SPNEGO and HTTPS only; 'env' names krb5.conf, keytabs, CA PEM.
                     --local-fs: how the NodeManager's localizer sets the permission of each
                     file it unpacks: nio (the default) one system call per file through
                     java.nio, as a real site with the native library does; shell Hadoop's
                     own fallback without libhadoop (Maven Central has none): one 'chmod'
                     process per file, 20-30 s for a dask environment of 8,000 files.
                     nio is the NodeManager's fs.AbstractFileSystem.file.impl only,
                     compiled from cluster/java/tsdask/cluster with the JDK's javac
  restart [options]  stop, then up
  restart DAEMON     stop one daemon and start it again; returns once it serves
  kill DAEMON        kill -9 one daemon (a NodeManager with its containers, as if its host died)
  down               stop the daemons this script started (by pid) and their containers
  status [--json]    daemons, pids, RM state and nodes
  logs [DAEMON] [-n N]  tail of a daemon's log (namenode, datanode, resourcemanager, nodemanager0, nodemanager1, kdc)
  env                shell exports for HADOOP_CONF_DIR, the web addresses and (secure) Kerberos/TLS files
  yarn SUB ARGS...   Hadoop's own yarn CLI (application, node, logs, queue, distributedshell)
  hdfs SUB ARGS...   Hadoop's own hdfs CLI (dfs, dfsadmin, fsck); on the secure cluster both
                     use $KRB5CCNAME, else the test user's ticket cache
  jars               resolve the jars of TSDASK_HADOOP_VERSION (default 3.4.2) from Maven Central
                     into the work dir (up does this too), and print that lib dir
  clean              down, then delete all data, configs, logs, the KDC and certificates (keeps the jars)
env: TSDASK_CLUSTER_DIR (work dir), TSDASK_PORT_OFFSET, TSDASK_HADOOP_VERSION (3.4.2; 3.3.6 is
tested too; a work dir's HDFS data belongs to the version that formatted it)`;

const log = (s: string) => console.error(`[cluster] ${s}`);

async function status(json: boolean): Promise<number> {
  const l = layout();
  const state = readState(l);
  const live = liveDaemons(l);
  let nodes: unknown[] = [];
  let rm: any;
  const w = webAccess(l, state?.options.secure ?? false);
  try {
    rm = (await w.getJson(`${w.rmWeb}/ws/v1/cluster/info`)).clusterInfo;
    nodes = (await w.getJson(`${w.rmWeb}/ws/v1/cluster/nodes`)).nodes?.node ?? [];
  } catch {
    /* RM down */
  }
  if (json) {
    console.log(JSON.stringify({ running: live, state, rmState: rm?.state, nodes }, null, 2));
  } else {
    console.log(`Hadoop ${state?.hadoopVersion ?? HADOOP_VERSION}; daemons running: ${live.join(", ") || "none"}`);
    if (state) console.log(`options: ${JSON.stringify(state.options)}\nHADOOP_CONF_DIR=${state.confDir}`);
    if (state?.security) console.log(`KDC ${kdcRunning(l) ? "running" : "NOT running"} (${state.security.kdc})`);
    if (rm) console.log(`ResourceManager ${rm.state} (${rm.haState}), ${rm.resourceManagerVersion}`);
    for (const n of nodes as any[])
      console.log(`  node ${n.id} ${n.state} http=${n.nodeHTTPAddress} mem=${n.availMemoryMB}MB free`);
  }
  return live.length > 0 && state && live.length === 3 + state.options.nodes ? 0 : 3;
}

function tool(group: "yarn" | "hdfs", args: string[]): number {
  const [sub, ...rest] = args;
  const cls = sub ? TOOL_CLASSES[group][sub] : undefined;
  if (!cls)
    throw new UsageError(
      `unknown '${group}' subcommand '${sub ?? ""}'; known: ${Object.keys(TOOL_CLASSES[group]).join(", ")}`,
    );
  const l = layout();
  ensureJars(l, log);
  if (!existsSync(l.conf)) throw new ClusterError("no conf dir yet: run 'cluster/hadoop up' first");
  if (
    sub === "distributedshell" &&
    !existsSync(join(l.lib, `hadoop-yarn-applications-distributedshell-${HADOOP_VERSION}.jar`))
  )
    throw new ClusterError(`Maven Central has no DistributedShell jar for Hadoop ${HADOOP_VERSION}; use 3.4.2 for it`);
  // ApplicationCLI serves three subcommands and reads which one from its first argument.
  const a = cls.endsWith("ApplicationCLI") ? [sub!, ...rest] : rest;
  const secure = readState(l)?.options.secure ?? false;
  const k = kerberosPaths(l);
  const cmd = javaCommand(l, cls, a, {
    heapMb: 512,
    name: `${group}-${sub}`,
    ...(secure && {
      jvmFlags: secureJvmFlags(l),
      // Java takes a plain path; MIT tools also accept FILE:<path>.
      env: {
        KRB5_CONFIG: k.krb5Conf,
        KRB5CCNAME: (process.env.KRB5CCNAME ?? k.ccache(TEST_USER)).replace(/^FILE:/, ""),
      },
    }),
  });
  return spawnSync(cmd.java, cmd.args, { env: cmd.env, stdio: "inherit" }).status ?? 1;
}

/** What `env` prints: the conf dir and web addresses, and on the secure cluster the Kerberos/TLS files. */
function envExports(l: ReturnType<typeof layout>): Record<string, string> {
  const sec = readState(l)?.security;
  const w = webAccess(l, sec !== undefined);
  const e: Record<string, string> = { HADOOP_CONF_DIR: l.conf, TSDASK_RM_WEB: w.rmWeb, TSDASK_NN_WEB: w.nnWeb };
  if (!sec) return e;
  return {
    ...e,
    KRB5_CONFIG: sec.krb5Conf,
    KRB5CCNAME: `FILE:${sec.user.ccache}`,
    TSDASK_SECURE_PRINCIPAL: sec.user.principal,
    TSDASK_SECURE_KEYTAB: sec.user.keytab,
    TSDASK_SECURE_OTHER_PRINCIPAL: sec.otherUser.principal,
    TSDASK_SECURE_OTHER_KEYTAB: sec.otherUser.keytab,
    TSDASK_YARN_CA_FILE: sec.caPem,
  };
}

/**
 * Linux hands out ports from 32768 up to any socket bound to port 0 (containers, dask, our AM):
 * a daemon port up there can be taken at any moment, so an offset must keep every port below it.
 */
const EPHEMERAL_START = 32768;

/**
 * `--options-of STATE_FILE` first takes the options a cluster was started with (its run/state.json,
 * saved by a caller that restarts the cluster and wants it back as it was); later flags still apply.
 */
function withSavedBase(args: string[]): [string[], ClusterOptions] {
  if (args[0] !== "--options-of") return [args, DEFAULT_OPTIONS];
  if (!args[1]) throw new UsageError("--options-of needs the path of a saved state.json");
  const saved = JSON.parse(readFileSync(args[1], "utf8")) as { options?: Partial<ClusterOptions> };
  return [args.slice(2), { ...DEFAULT_OPTIONS, ...saved.options }];
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  const highest = Math.max(...Object.values(PORTS), nmPorts(1).collector);
  if (!Number.isInteger(PORT_OFFSET) || PORT_OFFSET < 0 || highest >= EPHEMERAL_START)
    throw new UsageError(
      `TSDASK_PORT_OFFSET=${process.env.TSDASK_PORT_OFFSET} puts ports up to ${highest} into the ephemeral range ` +
        `(${EPHEMERAL_START}+), where other sockets may hold them; use an offset from 0 to ${EPHEMERAL_START - 1 - (highest - PORT_OFFSET)}`,
    );
  const l = layout();
  switch (cmd) {
    case "up":
    case "restart": {
      if (cmd === "restart" && args[0] && !args[0].startsWith("-")) {
        await restartDaemon(l, args[0], log);
        return 0;
      }
      const state = readState(l);
      const opts = args.length ? parseOptions(...withSavedBase(args)) : (state?.options ?? DEFAULT_OPTIONS);
      if (cmd === "restart") await down(l, log);
      const r = await up(l, opts, log, args.length > 0);
      if (r.alreadyRunning)
        log(`already running (started ${r.state.startedAt}) with ${JSON.stringify(r.state.options)}`);
      else
        log(
          `up in ${r.seconds.toFixed(1)} s (Hadoop ${r.state.hadoopVersion}, ${opts.nodes} NodeManager(s), rpc protection ${opts.rpcProtection})`,
        );
      console.log(`HADOOP_CONF_DIR=${r.state.confDir}`);
      return 0;
    }
    case "down": {
      const stopped = await down(l, log);
      log(stopped.length ? `stopped ${stopped.join(", ")}` : "nothing was running");
      return 0;
    }
    case "kill":
      await killDaemon(l, args[0], log);
      return 0;
    case "status":
      return status(args.includes("--json"));
    case "logs": {
      const n = args.indexOf("-n") >= 0 ? Number(args[args.indexOf("-n") + 1]) : 60;
      const names = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "-n");
      for (const d of names.length ? names : ["namenode", "datanode", "resourcemanager", "nodemanager0"]) {
        console.log(`==> ${logFile(l, d)} <==\n${tail(logFile(l, d), n)}`);
      }
      return 0;
    }
    case "env":
      for (const [k, v] of Object.entries(envExports(l))) console.log(`export ${k}=${v}`);
      return 0;
    case "yarn":
    case "hdfs":
      return tool(cmd, args);
    case "jars":
      ensureJars(l, log);
      console.log(l.lib);
      return 0;
    case "clean": {
      await down(l, log);
      const { rmSync } = await import("node:fs");
      for (const d of [l.conf, l.data, l.logs, l.run, l.security]) rmSync(d, { recursive: true, force: true });
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${cmd}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) {
      console.error(`cluster/hadoop: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`cluster/hadoop: ${e instanceof ClusterError ? e.message : (e as Error).stack}`);
    process.exit(1);
  },
);
