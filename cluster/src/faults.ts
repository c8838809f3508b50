// Faulting one daemon of a running cluster, for the fault tests: `kill DAEMON` (SIGKILL, no
// shutdown hooks; for a NodeManager also its containers, as if its host died) and `restart DAEMON`
// (a clean stop, then start and wait until it serves again).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readState, startOne } from "./cluster.js";
import type { Layout } from "./layout.js";
import { killOrphanContainers, pidFile, runningPid, stopDaemon } from "./processes.js";
import { hdfsReady, nodesRunning, rmStarted, waitFor } from "./readiness.js";
import { ClusterError } from "./tools.js";
import { webAccess } from "./web-access.js";

function checkDaemon(l: Layout, name: string | undefined): { name: string; nodes: number } {
  const state = readState(l);
  if (!state) throw new ClusterError("the cluster is not running: start it with 'cluster/hadoop up'");
  const nodes = state.options.nodes;
  const known = [
    "namenode",
    "datanode",
    "resourcemanager",
    ...Array.from({ length: nodes }, (_, i) => `nodemanager${i}`),
  ];
  if (!name || !known.includes(name))
    throw new ClusterError(`unknown daemon '${name ?? ""}'; this cluster has ${known.join(", ")}`);
  return { name, nodes };
}

/** SIGKILL; a NodeManager's containers go too. Returns the pid killed. */
export async function killDaemon(l: Layout, daemon: string | undefined, log: (s: string) => void): Promise<number> {
  const { name } = checkDaemon(l, daemon);
  const pid = runningPid(l, name);
  if (pid === undefined) throw new ClusterError(`${name} is not running`);
  process.kill(pid, "SIGKILL");
  rmSync(pidFile(l, name), { force: true });
  if (name.startsWith("nodemanager")) {
    const n = killOrphanContainers(join(l.data, `nm${name.slice("nodemanager".length)}`, "local"));
    log(`killed ${name} (pid ${pid}) and ${n} container process group(s) on it`);
  } else {
    log(`killed ${name} (pid ${pid})`);
  }
  return pid;
}

/** Stops (if running) and starts one daemon, then waits up to 2 minutes until it serves. */
export async function restartDaemon(l: Layout, daemon: string | undefined, log: (s: string) => void): Promise<number> {
  const { name, nodes } = checkDaemon(l, daemon);
  const t0 = Date.now();
  if (await stopDaemon(l, name)) log(`stopped ${name}`);
  const options = readState(l)!.options;
  const pid = startOne(l, options, name);
  const w = webAccess(l, options.secure);
  const ready: { what: string; probe: () => Promise<unknown> } =
    name === "resourcemanager"
      ? { what: "the ResourceManager to be STARTED", probe: () => rmStarted(w) }
      : name.startsWith("nodemanager")
        ? { what: `${nodes} NodeManager(s) RUNNING`, probe: () => nodesRunning(w, nodes) }
        : { what: "HDFS (NameNode out of safe mode with a live DataNode)", probe: () => hdfsReady(w) };
  await waitFor(ready.what, ready.probe, { [name]: pid }, 120_000);
  log(`${name} restarted in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${pid})`);
  return pid;
}
