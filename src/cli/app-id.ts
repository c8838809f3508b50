// Application ids are checked before any request: a typo gets exit 2 and a clear message instead
// of an RM error about a malformed path.
import { TsdaskError } from "../errors.js";

export const APP_ID_PATTERN = /^application_\d+_\d+$/;

export function checkAppId(appId: string): string {
  if (!APP_ID_PATTERN.test(appId)) {
    throw new TsdaskError(
      "APP_ID_INVALID",
      `'${appId}' is not a YARN application id`,
      "Application ids look like application_1700000000000_0001; 'tsdask-yarn list' shows them.",
    );
  }
  return appId;
}
