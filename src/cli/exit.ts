// Exit codes and error printing, in one place so every command agrees (docs/design.md
// §8): 0 ok, 1 the operation failed, 2 usage or spec error, 130 interrupted (Ctrl-C) and cleaned
// up. `submit --wait` with a script exits
// with the script's own exit code when the script ran; otherwise with one of the fixed codes below,
// chosen from conventions CI users know (timeout(1) exits 124, `docker run` 125 when the container
// never started, sysexits' EX_TEMPFAIL 75 for "try again") so that they rarely clash with a
// script's own codes. `--json` tells them apart in any case (scriptExitCode).
import { TsdaskError, type ErrorCode, type ErrorKind } from "../errors.js";
import { parseDurationSeconds } from "../spec/units.js";
import type { Io } from "./io.js";

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /**
   * --wait: the application was KILLED (tsdask-yarn kill, yarn application -kill, an admin). 137 =
   * 128 + SIGKILL, what a shell reports for a killed program; it was 3, which a script's own
   * `sys.exit(3)` also gives, so CI could not tell "killed" from "the script said 3".
   */
  killed: 137,
  /** --wait: the RM could not be reached for LOST_CONNECTION_MS; the application may still run. */
  connectionLost: 75,
  /**
   * --timeout (or, without it, the default bound of the AM's registration or of a cluster's
   * readiness) ran out; the application is killed and cleaned up.
   */
  timedOut: 124,
  /** --wait with SCRIPT: the application ended before the script started (no container, bad env…). */
  notStarted: 125,
  /** Ctrl-C: 128 + SIGINT, what a shell reports for an interrupted program; cleaned up first. */
  interrupted: 130,
} as const;

/**
 * The exit codes as every help text lists them (the top level and submit), built from EXIT so the
 * texts cannot drift from the codes; README's table is checked against EXIT by a unit test.
 */
export const EXIT_CODES_HELP =
  `Exit codes: ${EXIT.ok} ok; ${EXIT.failed} failed; ${EXIT.usage} bad usage or configuration; ` +
  `${EXIT.timedOut} --timeout ran out; ${EXIT.interrupted} interrupted (cleaned up);\n` +
  `${EXIT.connectionLost} the ResourceManager unreachable for 2 minutes (the application may still run).\n` +
  `submit --wait: the script's own exit code when it ran, ${EXIT.killed} KILLED, ` +
  `${EXIT.notStarted} ended before the script started;\n` +
  `without SCRIPT ${EXIT.ok} SUCCEEDED, ${EXIT.failed} FAILED, ${EXIT.killed} KILLED.`;

/** How long `--wait` keeps trying an unreachable ResourceManager before it exits connectionLost. */
export const LOST_CONNECTION_MS = 120_000;

/**
 * The exit code of each kind of error (error-codes.ts gives every code its kind): a wrong input
 * exits 2 like a usage error, a failure 1, and the ends of a bounded wait their documented codes.
 */
export const EXIT_CODE_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  input: EXIT.usage,
  remote: EXIT.failed,
  unavailable: EXIT.failed,
  internal: EXIT.failed,
  timeout: EXIT.timedOut,
  interrupted: EXIT.interrupted,
  lost: EXIT.connectionLost,
};

/** A bad argument or option value that commander itself cannot check. */
export class UsageError extends TsdaskError {
  constructor(message: string, hint?: string) {
    super("USAGE", message, hint);
  }
}

/** A duration flag ("90s", "10m", "1d", 600) in ms; above 0 unless `allowZero`. */
export function parseDurationFlag(flag: string, text: string, allowZero = false): number {
  let s: number;
  try {
    s = parseDurationSeconds(text);
  } catch {
    s = NaN;
  }
  if (!(s > 0 || (allowZero && s === 0))) {
    throw new UsageError(`${flag}: '${text}' is not a duration`, 'Examples: "90s", "10m", "1h", "1d", 600.');
  }
  return s * 1000;
}

/** A TsdaskError's exit code comes from its kind; anything else is a bug, and exits 1. */
export function exitCodeFor(err: unknown): number {
  return err instanceof TsdaskError ? EXIT_CODE_OF_KIND[err.kind] : EXIT.failed;
}

/** How a batch application ended, as `submit --wait` learned it. */
export interface BatchEnd {
  readonly state: string;
  readonly finalStatus: string;
  readonly diagnostics: string;
  /** The script's own exit code, when it ran and exited by itself. */
  readonly scriptExitCode?: number;
  /** Whether the script was seen to start (the AM's status, or an exit code in the diagnostics). */
  readonly scriptStarted: boolean;
}

/** submit --wait with SCRIPT: the script's own code when it ran, else the documented codes. */
export function exitCodeForBatch(end: BatchEnd): number {
  if (end.state === "KILLED" || end.finalStatus === "KILLED") return EXIT.killed;
  if (end.scriptExitCode !== undefined) return end.scriptExitCode;
  if (end.finalStatus === "SUCCEEDED") return EXIT.ok;
  return end.scriptStarted ? EXIT.failed : EXIT.notStarted;
}

/** --wait: the final status of the application becomes the exit code (CI runners rely on it). */
export function exitCodeForFinalStatus(finalStatus: string): number {
  switch (finalStatus) {
    case "SUCCEEDED":
      return EXIT.ok;
    case "KILLED":
      return EXIT.killed;
    default:
      return EXIT.failed;
  }
}

/** Prints an error: message and hint on stderr, and with --json an {"error": {code, kind, message, hint}} on stdout. */
export function printError(io: Io, err: unknown, opts: { json?: boolean; debug?: boolean } = {}): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const code: ErrorCode = e instanceof TsdaskError ? e.code : "INTERNAL";
  const kind: ErrorKind = e instanceof TsdaskError ? e.kind : "internal";
  const hint = e instanceof TsdaskError ? e.hint : undefined;
  io.err(`error: ${e.message}\n`);
  // SpecError folds its hint into the message already; do not say it twice.
  if (hint && !e.message.includes(hint)) io.err(`hint: ${hint}\n`);
  if (!(e instanceof TsdaskError) && !opts.debug) io.err("(an internal error: run again with --debug for details)\n");
  if (opts.debug) {
    let cur: unknown = e;
    while (cur instanceof Error) {
      io.err(`${cur.stack ?? cur.message}\n`);
      cur = cur.cause;
      if (cur) io.err("caused by: ");
    }
  }
  if (opts.json)
    io.out(JSON.stringify({ error: { code, kind, message: e.message, ...(hint ? { hint } : {}) } }) + "\n");
}
