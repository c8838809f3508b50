// Where local applications live: <home>/apps/<appId>/ (control/local-layout.ts) and the unpacked
// environments <home>/envs/<sha256>/. <home> is $TSDASK_LOCAL_HOME, else ~/.tsdask-yarn/local
// (not a TSDASK_YARN_* variable: those are spec keys). Everything is the user's own: dirs 0700.
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isLocalAppId } from "../../control/local-layout.js";
import { LauncherError } from "../errors.js";

type Env = Readonly<Record<string, string | undefined>>;

export function localHome(env: Env = process.env): string {
  return env.TSDASK_LOCAL_HOME || join(homedir(), ".tsdask-yarn", "local");
}

export const localAppsDir = (env?: Env): string => join(localHome(env), "apps");
export const localEnvCacheDir = (env?: Env): string => join(localHome(env), "envs");

export interface NewLocalApp {
  readonly appId: string;
  readonly dir: string;
  readonly clusterTimestamp: number;
  readonly sequence: number;
}

/**
 * A fresh id and its directory, claimed by mkdir (which fails if it exists): two submits at the
 * same millisecond get different sequence numbers.
 */
export function newLocalApp(env?: Env): NewLocalApp {
  const apps = localAppsDir(env);
  mkdirSync(apps, { recursive: true, mode: 0o700 });
  const clusterTimestamp = Date.now();
  for (let sequence = 1; ; sequence++) {
    const appId = `local_${clusterTimestamp}_${String(sequence).padStart(4, "0")}`;
    const dir = join(apps, appId);
    try {
      mkdirSync(dir, { mode: 0o700 });
      return { appId, dir, clusterTimestamp, sequence };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/** The directory of an existing local application. */
export function localAppDir(appId: string, env?: Env): string {
  if (!isLocalAppId(appId)) {
    throw new LauncherError(
      "APP_ID_INVALID",
      `'${appId}' is not a local application id`,
      "Local application ids look like local_1700000000000_0001 ('tsdask-yarn list --local' shows them).",
    );
  }
  const dir = join(localAppsDir(env), appId);
  if (!existsSync(dir)) {
    throw new LauncherError(
      "LOCAL_APP_NOT_FOUND",
      `no local application ${appId} in ${localAppsDir(env)}`,
      "Local applications are kept per user under $TSDASK_LOCAL_HOME (default ~/.tsdask-yarn/local); 'tsdask-yarn list --local' shows them.",
    );
  }
  return dir;
}
