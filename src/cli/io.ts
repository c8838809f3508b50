// Everything a command touches outside its arguments: the two output streams, whether a person is
// watching, the environment and the home directory. Tests pass their own Io and run the program
// in-process; main.ts passes the real process.
import { homedir } from "node:os";
import { onInterrupt, type InterruptHandler } from "./interrupts.js";

export interface Io {
  /** Writes to stdout (the command's result: ids, tables, JSON). */
  out(text: string): void;
  /** Writes bytes to stdout, resolving when they are handed on (backpressure for long outputs). */
  write?(bytes: Uint8Array): Promise<void>;
  /** Writes to stderr (progress, warnings, errors). */
  err(text: string): void;
  /** stdout is a terminal: tables get aligned columns; otherwise plain tab-separated lines. */
  readonly stdoutTTY: boolean;
  /** stderr is a terminal: progress may redraw one line; otherwise one plain line per event. */
  readonly stderrTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homeDir: string;
  /**
   * Lets submit hook Ctrl-C; the handler gets the number of signals since it was hooked (a second
   * one means: hurry). Tests leave it out.
   */
  onInterrupt?(handler: InterruptHandler): () => void;
}

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    write: (b) =>
      new Promise<void>((resolve, reject) => {
        if (process.stdout.write(b)) return resolve();
        // Wait for the pipe to drain, so a long log is not queued in memory; a closed pipe ends it.
        const done = (err?: Error) => {
          process.stdout.off("drain", onDrain);
          process.stdout.off("error", done);
          if (err) reject(err);
          else resolve();
        };
        const onDrain = () => done();
        process.stdout.once("drain", onDrain);
        process.stdout.once("error", done);
      }),
    err: (t) => void process.stderr.write(t),
    stdoutTTY: Boolean(process.stdout.isTTY),
    stderrTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    homeDir: homedir(),
    onInterrupt,
  };
}

/** The global options every command sees (declared on the program, read with optsWithGlobals). */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly debug?: boolean;
  readonly confDir?: string;
  readonly principal?: string;
  readonly keytab?: string;
  readonly caFile?: string;
}

/** What a command action receives besides its own arguments. */
export interface CommandContext {
  readonly io: Io;
  readonly global: GlobalOptions;
}
