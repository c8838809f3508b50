// Typed errors of the control client. Callers (CLI exit codes, the wrapper's retry loop) match on
// `code`; `httpStatus` and `serverCode` are there for --json output and tests.
import type { ControlErrorCode } from "../error-codes.js";
import { TsdaskError } from "../errors.js";

/** The control client's codes, with their meanings and kinds, are in error-codes.ts. */
export type { ControlErrorCode };

const HINTS: Partial<Record<ControlErrorCode, string>> = {
  CONTROL_UNAUTHORIZED: "The application secret did not match; read it from the application's staging directory again.",
  CONTROL_UNREACHABLE: "The ApplicationMaster is not answering; check the application state with 'tsdask-yarn status'.",
  CONTROL_TIMEOUT: "The ApplicationMaster did not answer in time; it may be overloaded or the network is slow.",
  CONTROL_UNKNOWN_SERVICE: "'tsdask-yarn status' lists the services of the application.",
  CONTROL_AM_STOPPING: "The application is shutting down.",
  CONTROL_SCALE_REFUSED: "Nothing was changed; 'tsdask-yarn status' shows the current counts.",
};

/** A ControlError without an explicit hint gets the default hint of its code. */
export class ControlError extends TsdaskError {
  constructor(
    override readonly code: ControlErrorCode,
    message: string,
    hint?: string,
    readonly httpStatus?: number,
    readonly serverCode?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, hint ?? HINTS[code], options);
  }
}

/** The client's code for an answer: by the server's code when it has one of its own, else by status. */
export function controlCodeFor(status: number, serverCode: string | undefined): ControlErrorCode {
  switch (serverCode) {
    case "UNAUTHORIZED":
      return "CONTROL_UNAUTHORIZED";
    case "UNKNOWN_SERVICE":
      return "CONTROL_UNKNOWN_SERVICE";
    case "KV_WAIT_TIMEOUT":
      return "CONTROL_KV_WAIT_TIMEOUT";
    case "AM_STOPPING":
      return "CONTROL_AM_STOPPING";
    case "CONFLICT":
      return "CONTROL_CONFLICT";
    case "SCALE_REFUSED":
      return "CONTROL_SCALE_REFUSED";
  }
  if (status === 401) return "CONTROL_UNAUTHORIZED";
  if (status >= 400 && status < 500) return "CONTROL_BAD_REQUEST";
  return "CONTROL_SERVER_ERROR";
}

/** The error for a non-2xx answer; `body` is the raw text (JSON ErrorResponse when it is ours). */
export function controlResponseError(what: string, status: number, body: string): ControlError {
  let serverCode: string | undefined;
  let message = body.trim().slice(0, 200) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === "string") serverCode = parsed.error.code;
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // Not ours (a proxy's HTML error page, say): keep the start of the text as the message.
  }
  const code = controlCodeFor(status, serverCode);
  return new ControlError(code, `${what}: ${message}`, undefined, status, serverCode);
}
