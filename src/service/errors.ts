// Typed errors of the in-container service wrapper. They end up in the container's stderr log,
// which is what a user reads after `yarn logs`: each says what is wrong and what to do about it.
import type { ServiceErrorCode } from "../error-codes.js";
import { TsdaskError } from "../errors.js";

/** The wrapper's codes, with their meanings and kinds, are in error-codes.ts. */
export type { ServiceErrorCode };

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
