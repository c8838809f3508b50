// Hadoop's DistributedShell as the reference Java AM: it holds N `sleep` containers like our AM holds
// N script containers, so its JVM's resident memory is the nearest like-for-like figure we can get
// (Skein itself no longer installs). The DS client blocks until the application ends, so it runs
// in the background in its own process group, and both it and the application are killed after
// the measurement.
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { join } from "node:path";
import {
  amContainerId,
  poll,
  rmJson,
  ROOT,
  SHARED_LIB,
  HADOOP_VERSION,
  sleep,
  type ThrowAwayCluster,
} from "./cluster.js";
import { findContainerProcess, procMemory, type ProcMemory } from "./proc.js";

export const DS_JAR = join(SHARED_LIB, `hadoop-yarn-applications-distributedshell-${HADOOP_VERSION}.jar`);

export interface DsResult {
  readonly appId: string;
  readonly containers: number;
  readonly masterMemoryMb: number;
  /** The -Xmx the DS client gave the AM JVM. */
  readonly xmx?: string;
  /** From the RM seeing the application RUNNING (AM started) to all containers running, as polled. */
  readonly amRunningToAllRunningMs: number;
  readonly memory: ProcMemory;
}

export async function runDistributedShell(
  cluster: ThrowAwayCluster,
  containers: number,
  settleMs: number,
): Promise<DsResult> {
  const name = `tsdask-bench-ds-${containers}-${process.pid}`;
  const masterMemoryMb = 512;
  const log = openSync(join(cluster.work, `${name}.log`), "w");
  const client = spawn(
    join(ROOT, "cluster", "hadoop"),
    [
      ...["yarn", "distributedshell", "-jar", DS_JAR, "-appname", name],
      ...["-shell_command", "sleep 600", "-num_containers", String(containers)],
      ...["-container_memory", "128", "-container_vcores", "1", "-master_memory", String(masterMemoryMb)],
      ...["-timeout", "900000"],
    ],
    { env: cluster.env, stdio: ["ignore", log, log], detached: true },
  );
  let appId: string | undefined;
  try {
    const app = await poll(
      `DistributedShell application ${name}`,
      async () => {
        const apps: any[] = (await rmJson(cluster, "/ws/v1/cluster/apps")).apps?.app ?? [];
        return apps.find((a) => a.name === name && a.state === "RUNNING");
      },
      120_000,
    );
    appId = app.id as string;
    const t0 = Date.now();
    await poll(
      `${containers} DS containers running`,
      async () => {
        const a = (await rmJson(cluster, `/ws/v1/cluster/apps/${appId}`)).app;
        return a.runningContainers >= containers + 1 ? true : undefined; // +1: the AM's own
      },
      180_000,
    );
    const amRunningToAllRunningMs = Date.now() - t0;
    await sleep(settleMs);
    const containerId = await amContainerId(cluster, appId);
    const pid = findContainerProcess(containerId, "java");
    if (pid === undefined) throw new Error(`no java process in ${containerId}`);
    const memory = procMemory(pid);
    const xmx = memory.cmdline.find((a) => a.startsWith("-Xmx"))?.slice(4);
    return { appId, containers, masterMemoryMb, ...(xmx ? { xmx } : {}), amRunningToAllRunningMs, memory };
  } finally {
    if (appId) cluster.hadoop(["yarn", "application", "-kill", appId], 120_000);
    try {
      process.kill(-client.pid!, "SIGKILL"); // the client's group: tsx and its java child
    } catch {
      /* already gone */
    }
  }
}
