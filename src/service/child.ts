// The Python child of a role: stdio passes straight through (it is the container's log), the
// signals YARN sends to stop a container reach it, and its exit code becomes the wrapper's.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { ServiceError } from "./errors.js";

/** Signals the NodeManager (or a user at a terminal) sends to stop us; all are passed on. */
export const FORWARDED_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** The shell convention: a child killed by signal N exits the wrapper with 128 + N. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? constants.signals[signal] : undefined;
  return n ? 128 + n : 1;
}

export interface RunningChild {
  readonly pid: number;
  /** The exit code (see exitCodeOf); never rejects once the child started. */
  readonly exited: Promise<number>;
  signal(sig: NodeJS.Signals): void;
}

export interface ChildOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** What the child is, for messages: "dask scheduler", "client script". */
  readonly what: string;
}

/** Start the child; rejects with SERVICE_SPAWN_FAILED when it cannot be started at all. */
export function startChild(command: string, args: readonly string[], o: ChildOptions): Promise<RunningChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: "inherit" });
    let started = false;
    const exited = new Promise<number>((done) => {
      child.once("exit", (code, sig) => done(exitCodeOf(code, sig)));
    });
    child.once("error", (err) => {
      if (started) return; // A failed kill() of a gone child; the exit event tells the story.
      reject(
        new ServiceError("SERVICE_SPAWN_FAILED", `cannot start the ${o.what} (${command}): ${err.message}`, undefined, {
          cause: err,
        }),
      );
    });
    child.once("spawn", () => {
      started = true;
      resolve({
        pid: child.pid ?? -1,
        exited,
        signal(sig) {
          if (child.exitCode === null && child.signalCode === null) child.kill(sig);
        },
      });
    });
  });
}
