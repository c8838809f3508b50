// Typed errors of the launcher. `code` is stable (the CLI's --json output and tests match on it);
// the message names what went wrong (the service, the file, the application) and the hint says
// what the user can do about it.
import type { LauncherErrorCode } from "../error-codes.js";
import { TsdaskError } from "../errors.js";
import { LOCAL_APP_ID } from "../control/local-layout.js";

/** The launcher's codes, with their meanings and kinds, are in error-codes.ts. */
export type { LauncherErrorCode };

export class LauncherError extends TsdaskError {
  constructor(
    override readonly code: LauncherErrorCode,
    message: string,
    hint?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, hint, options);
  }
}

export const APP_ID_PATTERN = /^application_\d+_\d+$/;

export function checkAppId(appId: string): void {
  if (!APP_ID_PATTERN.test(appId) && !LOCAL_APP_ID.test(appId)) {
    throw new LauncherError(
      "APP_ID_INVALID",
      `'${appId}' is not a YARN application id`,
      "Application ids look like application_1700000000000_0001 ('tsdask-yarn list' shows them).",
    );
  }
}
