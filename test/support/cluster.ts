// What integration tests know about the local cluster: its addresses and conf dir from
// the state file `cluster/hadoop up` writes, and a way to run Hadoop's own CLIs.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The work dir of the shared cluster (cluster/hadoop's TSDASK_CLUSTER_DIR). */
export const WORK = process.env.TSDASK_CLUSTER_DIR ?? join(ROOT, "cluster", ".work");

export interface LocalCluster {
  hadoopVersion: string;
  user: string;
  confDir: string;
  rmWeb: string;
  nnWeb: string;
  defaultFS: string;
  options: { nodes: number; rpcProtection: string };
}

/** The running cluster, or a clear failure telling how to start one. */
export function localCluster(): LocalCluster {
  try {
    return JSON.parse(readFileSync(join(WORK, "run", "state.json"), "utf8")) as LocalCluster;
  } catch {
    throw new Error("the local Hadoop is not running: start it with 'cluster/hadoop up' (npm test does this itself)");
  }
}

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `cluster/hadoop <args>`, e.g. ["yarn", "application", "-status", id]. */
export function hadoopTool(args: string[], timeoutMs = 180_000): ToolResult {
  const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, { encoding: "utf8", timeout: timeoutMs });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export async function getJson(url: string): Promise<any> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!r.ok) throw new Error(`GET ${url} -> ${r.status}`);
  return r.json();
}

/** `cluster/hadoop yarn distributedshell ...`: `containers` containers of 128 MB running `command`. */
export function distributedShellArgs(jar: string, appName: string, command: string, containers: number): string[] {
  return [
    "yarn",
    "distributedshell",
    "-jar",
    jar,
    "-appname",
    appName,
    "-shell_command",
    command,
    "-num_containers",
    String(containers),
    "-container_memory",
    "128",
    "-master_memory",
    "256",
    "-timeout",
    "150000",
  ];
}

/** The application id from DistributedShell's output; fails the test unless it exited 0. */
export function distributedShellApp(r: ToolResult): string {
  const appId = /application_\d+_\d+/.exec(r.stderr + r.stdout)?.[0];
  if (!appId) throw new Error(`no application id in DistributedShell output:\n${r.stderr.slice(-2000)}`);
  if (r.status !== 0) throw new Error(`DistributedShell failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  return appId;
}
