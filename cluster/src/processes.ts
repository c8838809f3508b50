// Starting, finding and stopping daemon processes by pid file. `down` only ever signals
// pids it recorded itself, and checks the command line still names the daemon, so a
// recycled pid is never killed.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { HOST, type Layout } from "./layout.js";
import { ClusterError, type JavaCommand } from "./tools.js";

export function pidFile(l: Layout, name: string): string {
  return join(l.run, `${name}.pid`);
}

export function logFile(l: Layout, name: string): string {
  return join(l.logs, `${name}.log`);
}

/**
 * The pid of a daemon we started that is still alive, or undefined. `marker` is a piece of its
 * command line: Hadoop daemons carry -Dproc_<name>; the KDC its realm (see kdc.ts).
 */
export function runningPid(l: Layout, name: string, marker = `-Dproc_${name}\0`): number | undefined {
  const f = pidFile(l, name);
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes(marker) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function startDaemon(l: Layout, name: string, cmd: JavaCommand): number {
  mkdirSync(l.logs, { recursive: true });
  mkdirSync(l.run, { recursive: true });
  const fd = openSync(logFile(l, name), "a");
  writeFileSync(fd, `\n==== ${new Date().toISOString()} starting ${name}\n`);
  // Daemons start from a neutral directory: HttpServer2 looks for ./src/main/webapps first.
  const child = spawn(cmd.java, cmd.args, { cwd: l.run, env: cmd.env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new ClusterError(`could not start ${name} (${cmd.java})`);
  child.unref();
  writeFileSync(pidFile(l, name), `${child.pid}\n`);
  return child.pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to `graceMs`, then SIGKILL (what hadoop_stop_daemon does). */
export async function stopDaemon(l: Layout, name: string, graceMs = 10_000, marker?: string): Promise<boolean> {
  const pid = runningPid(l, name, marker);
  rmSync(pidFile(l, name), { force: true });
  if (pid === undefined) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  while (alive(pid)) await sleep(50);
  return true;
}

/**
 * Container processes run in their own sessions (setsid) and outlive a killed NodeManager.
 * The NM writes each container's pid under nmPrivate; kill those process groups.
 */
export function killOrphanContainers(nmLocalDir: string): number {
  const priv = join(nmLocalDir, "nmPrivate");
  if (!existsSync(priv)) return 0;
  let killed = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".pid")) {
        const pid = Number(readFileSync(p, "utf8").trim());
        if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
          try {
            process.kill(-pid, "SIGKILL");
            killed++;
          } catch {
            /* already gone */
          }
        }
      }
    }
  };
  walk(priv);
  return killed;
}

/** Resolves when `port` on 127.0.0.1 can be bound, i.e. nothing listens there. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen({ port, host: HOST, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}
