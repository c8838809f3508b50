// The child of a role (Python, or a script service's bash): its stdout/stderr pass straight through
// to the container's log, or, with rolled logs, through the wrapper's RollingLogs; the signals YARN
// sends to stop a container reach it, and its exit code becomes the wrapper's.
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
  /** Where the child's stdout/stderr go; absent: the wrapper's own fds, inherited. */
  readonly output?: ChildOutput;
}

export interface ChildOutput {
  stdout(chunk: Uint8Array): void;
  stderr(chunk: Uint8Array): void;
}

/** After the child exits, how long its pipes may stay open (a grandchild holding them) before we stop reading. */
const DRAIN_MS = 5000;

/** Start the child; rejects with SERVICE_SPAWN_FAILED when it cannot be started at all. */
export function startChild(command: string, args: readonly string[], o: ChildOptions): Promise<RunningChild> {
  return new Promise((resolve, reject) => {
    const out = o.output;
    const child = spawn(command, args, {
      cwd: o.cwd,
      env: o.env,
      stdio: out ? ["inherit", "pipe", "pipe"] : "inherit",
    });
    let started = false;
    // With pipes, what the child wrote just before it exited is still in them: the exit code is
    // given once both are read to their end (or DRAIN_MS after the exit, if a grandchild keeps them).
    const drained: Promise<unknown>[] = [];
    if (out) {
      child.stdout?.on("data", (c: Buffer) => out.stdout(c));
      child.stderr?.on("data", (c: Buffer) => out.stderr(c));
      for (const s of [child.stdout, child.stderr]) if (s) drained.push(new Promise((r) => s.once("close", r)));
    }
    const exited = new Promise<number>((done) => {
      child.once("exit", (code, sig) => {
        const timer = setTimeout(() => done(exitCodeOf(code, sig)), DRAIN_MS);
        void Promise.all(drained).then(() => {
          clearTimeout(timer);
          done(exitCodeOf(code, sig));
        });
      });
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
