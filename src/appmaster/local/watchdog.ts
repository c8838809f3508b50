// How a local container can never outlive its AM. Each container is a process group of its own
// (setsid), led by a small `sh` that runs the container's command in the foreground. Beside it,
// in the same group, a watcher subshell reads the container's stdin, a pipe whose only writer is the
// AM. When the AM is gone — exit, crash or kill -9: the kernel closes its end either way — the
// read sees EOF and the watcher signals its whole group: SIGTERM, then SIGKILL after a grace. The
// AM closes the pipe itself when the leader exits, so whatever the command left behind in the group
// (a daemonized child) goes too. No polling, no extra Node process: one `sh` and a `read` per container.
import { spawn, type ChildProcess } from "node:child_process";

/** Seconds between the watcher's SIGTERM and SIGKILL to the group (the NM's sleep-delay is 0.25 s). */
export const WATCHDOG_GRACE_S = 5;

// $@ is the command. A background list's stdin is /dev/null in a non-interactive shell, so the
// pipe is moved to fd 3 for the watcher first; the command itself gets neither (only the watcher
// may hold the pipe, or the command's children would keep it open). `trap "" TERM`: the watcher
// survives its own group's SIGTERM to send the SIGKILL.
const SCRIPT = [
  "exec 3<&0 </dev/null",
  `( trap "" TERM; while read -r _; do :; done <&3; kill -TERM 0 2>/dev/null; sleep ${WATCHDOG_GRACE_S}; kill -KILL 0 2>/dev/null ) &`,
  "exec 3<&-",
  '"$@"',
  "exit $?",
].join("\n");

export interface TetheredSpawn {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the leader's own stdout/stderr go (the command redirects its own, as on a NodeManager). */
  readonly stdout: number | "ignore";
  readonly stderr: number | "ignore";
}

/** Starts `command args` as the leader's child in a new process group tethered to this process. */
export function spawnTethered(o: TetheredSpawn): ChildProcess {
  return spawn("/bin/sh", ["-c", SCRIPT, "tsdask-container", o.command, ...o.args], {
    cwd: o.cwd,
    env: o.env,
    detached: true,
    stdio: ["pipe", o.stdout, o.stderr],
  });
}

/** Signals a container's whole process group; false when it is gone already. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
