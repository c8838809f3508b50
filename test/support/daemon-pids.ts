// Faults for one daemon of the local cluster, by its pid file under <cluster dir>/run/, until
// `cluster/hadoop kill/restart DAEMON` exists (another branch adds them). restart re-runs the
// daemon with the very command line, environment and working directory it had (read from /proc),
// appending to its log as cluster/hadoop does, so the restarted daemon is the same configuration.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const clusterDir = () => process.env.TSDASK_CLUSTER_DIR ?? join(process.cwd(), "cluster", ".work");
const pidFile = (daemon: string) => join(clusterDir(), "run", `${daemon}.pid`);

export function daemonPid(daemon: string): number {
  return Number(readFileSync(pidFile(daemon), "utf8").trim());
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
export async function stopDaemon(daemon: string, signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<number> {
  const pid = daemonPid(daemon);
  process.kill(pid, signal);
  await waitGone(pid, 30_000);
  return pid;
}

/** The daemon's command line, environment and cwd, to start it again after a stop. */
export function daemonCommand(daemon: string): { argv: string[]; env: Record<string, string>; cwd: string } {
  const pid = daemonPid(daemon);
  const split = (f: string) => readFileSync(`/proc/${pid}/${f}`, "utf8").split("\0").filter(Boolean);
  const env = Object.fromEntries(
    split("environ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  return { argv: split("cmdline"), env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/** Starts a daemon with a command taken by daemonCommand() before it was stopped. */
export function startDaemon(daemon: string, cmd: ReturnType<typeof daemonCommand>): number {
  const fd = openSync(join(clusterDir(), "logs", `${daemon}.log`), "a");
  const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), {
    cwd: cmd.cwd,
    env: cmd.env,
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  child.unref();
  writeFileSync(pidFile(daemon), `${child.pid}\n`);
  return child.pid!;
}
