// What the local-mode tests share: the packed dask environment (cluster/dask-env/build made it),
// one local home per run so the environment is unpacked once, the CLI with no Hadoop
// configuration at all, and a look through /proc for any process that belongs to an application.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WORK } from "../../support/cluster.js";
import { runCli, spawnCli, type CliResult } from "../cli/run-cli.js";

/** The archive venv-pack wrote: <work>/dask-env/<key>/environment.tar.gz. */
export function envArchive(): string {
  const base = join(WORK, "dask-env");
  for (const d of existsSync(base) ? readdirSync(base) : []) {
    const a = join(base, d, "environment.tar.gz");
    if (existsSync(a)) return a;
  }
  throw new Error(`no packed environment under ${base}: run cluster/dask-env/build`);
}

export const LOCAL_HOME = join(WORK, "local-home");

/** No HADOOP_CONF_DIR and no Hadoop address: local mode must not need one. */
export const LOCAL_ENV = { TSDASK_LOCAL_HOME: LOCAL_HOME, HADOOP_CONF_DIR: "" };

export const localCli = (args: string[], timeoutMs = 180_000): Promise<CliResult> =>
  runCli(args, { env: LOCAL_ENV, timeoutMs });

export const spawnLocalCli = (args: string[]) => spawnCli(args, { env: LOCAL_ENV });

export const appDir = (appId: string): string => join(LOCAL_HOME, "apps", appId);

/**
 * Every live process that belongs to the application: its id or its directory in the process's
 * environment or command line (the AM has the directory, every container TSDASK_APP_ID, and each
 * container's leader and watcher run from its directory).
 */
export function processesOf(appId: string): number[] {
  const marks = [appId, appDir(appId)];
  const pids: number[] = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p) || Number(p) === process.pid) continue;
    try {
      const text = readFileSync(`/proc/${p}/environ`, "latin1") + readFileSync(`/proc/${p}/cmdline`, "latin1");
      // A zombie has empty files; it is gone already and only waits for its parent to reap it.
      if (marks.some((m) => text.includes(m))) pids.push(Number(p));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Waits until no process of the application is left; resolves with what is left at the bound. */
export async function noneLeft(appId: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesOf(appId);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = processesOf(appId);
  }
  return left;
}

/** The AM's pid from am.json, once it is written. */
export function amPid(appId: string): number {
  return (JSON.parse(readFileSync(join(appDir(appId), "am.json"), "utf8")) as { pid: number }).pid;
}
