// Typed errors of the launcher. `code` is stable (the CLI's --json output and tests match on it);
// the message names what went wrong (the service, the file, the application) and the hint says
// what the user can do about it.
import { TsdaskError } from "../errors.js";
import { LOCAL_APP_ID } from "../control/local-layout.js";

export type LauncherErrorCode =
  /** The master or a service asks for more memory/vcores than the scheduler's maximum container. */
  | "RESOURCE_ABOVE_MAXIMUM"
  /** dist/appmaster.js or dist/service.js is missing: the bundles were not built. */
  | "RUNTIME_BUNDLE_MISSING"
  /** The environment (archive, directory or URI) cannot be used. */
  | "ENVIRONMENT_INVALID"
  /** A service file cannot be staged. */
  | "SERVICE_FILE_INVALID"
  /** The application ended (FAILED/KILLED/FINISHED) before its AM registered. */
  | "AM_ENDED_BEFORE_REGISTRATION"
  /** The AM did not register within the wait. */
  | "AM_REGISTRATION_TIMEOUT"
  /** The application is not running (connect/scale on a finished or not yet started app). */
  | "APP_NOT_RUNNING"
  /** The AM registered an RPC address that is not host:port. */
  | "AM_ADDRESS_INVALID"
  /** The application id is malformed. */
  | "APP_ID_INVALID"
  /** The application's staging directory (and so its secret) is gone. */
  | "APP_SECRET_MISSING"
  /** `credentials` for an application submitted without TLS. */
  | "APP_NO_TLS"
  /** `credentials --dir` cannot write its files. */
  | "CREDENTIALS_WRITE"
  /** The spec names a queue the scheduler does not have. */
  | "QUEUE_UNKNOWN"
  /** The caller aborted the submit (Ctrl-C); the application was killed and cleaned up. */
  | "SUBMIT_ABORTED"
  /** No aggregated logs of the application in HDFS (aggregation off, not done, or expired). */
  | "LOGS_NOT_AGGREGATED"
  /** The NodeManagers are still writing the application's aggregated logs. */
  | "LOGS_NOT_AGGREGATED_YET"
  /** A node file in the application's log directory is in neither known format. */
  | "LOGS_UNKNOWN_FORMAT"
  /** The ResourceManager did not finish recovering (restart, failover) within the wait. */
  | "RM_RECOVERING"
  /** No local application (submit --local) with this id in the user's tsdask-yarn home. */
  | "LOCAL_APP_NOT_FOUND"
  /** The local ApplicationMaster process exited before its control server was up. */
  | "LOCAL_AM_FAILED";

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
