// Exit codes and error printing, in one place so every command agrees (DESIGN.md "Errors and exit
// codes"): 0 ok, 1 the operation failed, 2 usage or spec error, 3 (--wait) the application was KILLED,
// 130 interrupted (Ctrl-C) and cleaned up.
import { TsdaskError } from "../errors.js";
import { parseDurationSeconds } from "../spec/index.js";
import type { Io } from "./io.js";

export const EXIT = { ok: 0, failed: 1, usage: 2, killed: 3, interrupted: 130 } as const;

/**
 * Error codes that mean "the input was wrong", not "the operation failed": running the same
 * command again cannot succeed. The launcher's input checks (environment, files, queue, sizes
 * above the cluster maximum) belong here with the spec errors.
 */
const USAGE_CODES = new Set([
  "USAGE",
  "APP_ID_INVALID",
  "CONFIG_EXISTS",
  "ENVIRONMENT_INVALID",
  "SERVICE_FILE_INVALID",
  "QUEUE_UNKNOWN",
  "RESOURCE_ABOVE_MAXIMUM",
  "HADOOP_CONF_DIR_MISSING",
]);

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

export function exitCodeFor(err: unknown): number {
  if (err instanceof TsdaskError) {
    // Ctrl-C: 128 + SIGINT, what a shell reports for an interrupted program.
    if (err.code === "SUBMIT_ABORTED") return EXIT.interrupted;
    if (err.code.startsWith("SPEC_") || USAGE_CODES.has(err.code)) return EXIT.usage;
  }
  return EXIT.failed;
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

/** Prints an error: message and hint on stderr, and with --json an {"error": …} object on stdout. */
export function printError(io: Io, err: unknown, opts: { json?: boolean; debug?: boolean } = {}): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = e instanceof TsdaskError ? e.code : "INTERNAL";
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
  if (opts.json) io.out(JSON.stringify({ error: { code, message: e.message, ...(hint ? { hint } : {}) } }) + "\n");
}
