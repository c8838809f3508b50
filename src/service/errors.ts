// Typed errors of the in-container service wrapper. They end up in the container's stderr log,
// which is what a user reads after `yarn logs`: each says what is wrong and what to do about it.
import { TsdaskError } from "../errors.js";

export type ServiceErrorCode =
  /** Unknown role or missing arguments (an AM/launcher bug, or a hand-run wrapper). */
  | "SERVICE_USAGE"
  /** A SERVICE_ENV variable is unset or malformed. */
  | "SERVICE_ENV_MISSING"
  | "SERVICE_ENV_INVALID"
  /** ./.tsdask-secret is missing, unreadable or empty. */
  | "SERVICE_NO_SECRET"
  /** The control URL is https (or a CA is present) but the container's TLS files are incomplete. */
  | "SERVICE_NO_TLS"
  /** ./environment/bin/python is missing: the environment archive was not localized or is not a venv. */
  | "SERVICE_NO_PYTHON"
  /** The dask client role's script is not in the container. */
  | "SERVICE_NO_SCRIPT"
  /** The Python child could not be started at all. */
  | "SERVICE_SPAWN_FAILED"
  /** The dask scheduler exited or stalled before it told us its address. */
  | "SERVICE_SCHEDULER_START"
  /** The AM could not be told (or asked) about the dask rendezvous keys. */
  | "SERVICE_RENDEZVOUS";

export class ServiceError extends TsdaskError {
  constructor(
    override readonly code: ServiceErrorCode,
    message: string,
    hint?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, hint, options);
  }
}

/** Exit code of the wrapper itself when it fails (not its child): 2 for usage, 1 otherwise. */
export function exitCodeFor(err: unknown): number {
  return err instanceof ServiceError && err.code === "SERVICE_USAGE" ? 2 : 1;
}

/** The stderr text for a failure: message, then what to do; a stack only for unexpected errors. */
export function describeFailure(err: unknown): string {
  if (err instanceof TsdaskError) {
    const lines = [`tsdask-yarn service: error [${err.code}]: ${err.message}`];
    if (err.hint) lines.push(`  what to do: ${err.hint}`);
    return lines.join("\n");
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `tsdask-yarn service: unexpected failure: ${text}`;
}
