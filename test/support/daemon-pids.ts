// Faults for one daemon of the local cluster, by its pid file under <cluster dir>/run/, until
// `cluster/hadoop kill/restart DAEMON` exists (another branch adds them). restart re-runs the
// daemon with the very command line, environment and working directory it had (read from /proc),
// appending to its log as cluster/hadoop does, so the restarted daemon is the same configuration.
import { spawnSync } from "node:child_process";
import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The cluster's work dir: $TSDASK_CLUSTER_DIR, or the `dir` a test with its own cluster passes. */
const clusterDir = (dir?: string) => dir ?? process.env.TSDASK_CLUSTER_DIR ?? join(process.cwd(), "cluster", ".work");
const pidFile = (daemon: string, dir?: string) => join(clusterDir(dir), "run", `${daemon}.pid`);

export function daemonPid(daemon: string, dir?: string): number {
  return Number(readFileSync(pidFile(daemon, dir), "utf8").trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > end) throw new Error(`daemon pid ${pid} still alive after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGKILL (crash) or SIGTERM (clean stop); resolves once the process is gone. */
export async function stopDaemon(
  daemon: string,
  signal: "SIGKILL" | "SIGTERM" = "SIGKILL",
  dir?: string,
): Promise<number> {
  const pid = daemonPid(daemon, dir);
  process.kill(pid, signal);
  await waitGone(pid, 30_000);
  return pid;
}

/** The daemon's command line, environment and cwd, to start it again after a stop. */
export function daemonCommand(
  daemon: string,
  dir?: string,
): { argv: string[]; env: Record<string, string>; cwd: string } {
  const pid = daemonPid(daemon, dir);
  const split = (f: string) => readFileSync(`/proc/${pid}/${f}`, "utf8").split("\0").filter(Boolean);
  const env = Object.fromEntries(
    split("environ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  return { argv: split("cmdline"), env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/**
 * Starts a daemon with a command taken by daemonCommand() before it was stopped. A shell starts it
 * in the background and exits, so the daemon is not this process's child: a later
 * `cluster/hadoop down` run with spawnSync would otherwise wait forever for its unreaped zombie.
 */
export function startDaemon(daemon: string, cmd: ReturnType<typeof daemonCommand>, dir?: string): number {
  const log = join(clusterDir(dir), "logs", `${daemon}.log`);
  const r = spawnSync(
    "sh",
    ["-c", 'log="$1"; shift; setsid "$@" </dev/null >>"$log" 2>&1 & echo $!', "sh", log, ...cmd.argv],
    {
      cwd: cmd.cwd,
      env: cmd.env,
      encoding: "utf8",
    },
  );
  const pid = Number(r.stdout.trim());
  if (r.status !== 0 || !(pid > 0)) throw new Error(`could not start ${daemon}: ${r.stderr}`);
  writeFileSync(pidFile(daemon, dir), `${pid}\n`);
  return pid;
}
