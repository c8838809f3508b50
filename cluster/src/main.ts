// cluster/hadoop: one entry point for the local Hadoop used by tests, benchmarks and the demo.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { down, liveDaemons, readState, up } from "./cluster.js";
import { HADOOP_VERSION, HOST, layout, nmPorts, PORT_OFFSET, PORTS } from "./layout.js";
import { DEFAULT_OPTIONS, parseOptions, UsageError } from "./options.js";
import { logFile, tail } from "./processes.js";
import { getJson } from "./readiness.js";
import { ClusterError, ensureJars, javaCommand, TOOL_CLASSES } from "./tools.js";

const USAGE = `usage: cluster/hadoop <command>
  up [--nodes 1|2] [--rpc-protection authentication|integrity|privacy] [--recovery]
     [--nm-expiry-ms MS] [--am-max-attempts N] [--nm-memory-mb MB] [--nm-vcores N]
     [--many-small-containers]
                     start the cluster (no-op if it already runs with these options;
                     restarts it when the options differ)
  restart [options]  stop, then up
  down               stop the daemons this script started (by pid) and their containers
  status [--json]    daemons, pids, RM state and nodes
  logs [DAEMON] [-n N]  tail of a daemon's log (namenode, datanode, resourcemanager, nodemanager0, nodemanager1)
  env                shell exports for HADOOP_CONF_DIR, JAVA_HOME and the web addresses
  yarn SUB ARGS...   Hadoop's own yarn CLI (application, node, logs, queue, distributedshell)
  hdfs SUB ARGS...   Hadoop's own hdfs CLI (dfs, dfsadmin, fsck)
  clean              down, then delete all data, configs and logs (keeps the jars)`;

const RM_WEB = `http://${HOST}:${PORTS.rmWeb}`;
const log = (s: string) => console.error(`[cluster] ${s}`);

async function status(json: boolean): Promise<number> {
  const l = layout();
  const state = readState(l);
  const live = liveDaemons(l);
  let nodes: unknown[] = [];
  let rm: any;
  try {
    rm = (await getJson(`${RM_WEB}/ws/v1/cluster/info`)).clusterInfo;
    nodes = (await getJson(`${RM_WEB}/ws/v1/cluster/nodes`)).nodes?.node ?? [];
  } catch {
    /* RM down */
  }
  if (json) {
    console.log(JSON.stringify({ running: live, state, rmState: rm?.state, nodes }, null, 2));
  } else {
    console.log(`Hadoop ${state?.hadoopVersion ?? HADOOP_VERSION}; daemons running: ${live.join(", ") || "none"}`);
    if (state) console.log(`options: ${JSON.stringify(state.options)}\nHADOOP_CONF_DIR=${state.confDir}`);
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
  // ApplicationCLI serves three subcommands and reads which one from its first argument.
  const a = cls.endsWith("ApplicationCLI") ? [sub!, ...rest] : rest;
  const cmd = javaCommand(l, cls, a, { heapMb: 512, name: `${group}-${sub}` });
  return spawnSync(cmd.java, cmd.args, { env: cmd.env, stdio: "inherit" }).status ?? 1;
}

/**
 * Linux hands out ports from 32768 up to any socket bound to port 0 (containers, dask, our AM):
 * a daemon port up there can be taken at any moment, so an offset must keep every port below it.
 */
const EPHEMERAL_START = 32768;

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
      const state = readState(l);
      const opts = args.length ? parseOptions(args) : (state?.options ?? DEFAULT_OPTIONS);
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
    case "env": {
      console.log(`export HADOOP_CONF_DIR=${l.conf}`);
      console.log(`export TSDASK_RM_WEB=${RM_WEB}`);
      console.log(`export TSDASK_NN_WEB=http://${HOST}:${PORTS.nnHttp}`);
      return 0;
    }
    case "yarn":
    case "hdfs":
      return tool(cmd, args);
    case "clean": {
      await down(l, log);
      const { rmSync } = await import("node:fs");
      for (const d of [l.conf, l.data, l.logs, l.run]) rmSync(d, { recursive: true, force: true });
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
