// Local applications as the other commands see them: a report shaped like the RM's (status, list,
// submit --wait), a control client for a running one (status, scale, shutdown), and kill. What the
// RM keeps for YARN applications, the application's directory keeps here; whether the AM still runs
// is asked of the kernel (its pid, and that the pid is still our AM: its environment names the dir).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ControlClient } from "../../control/index.js";
import {
  isLocalAppId,
  LOCAL_APP_DIR_ENV,
  LOCAL_FILES,
  type LocalAmInfo,
  type LocalAppInfo,
  type LocalFinal,
} from "../../control/local-layout.js";
import { APP_FILES } from "../../control/runtime.js";
import type { ApplicationReport } from "../../yarn-rest/index.js";
import type { ClientCredentials } from "../app-tls.js";
import { LauncherError } from "../errors.js";
import { localAppDir, localAppsDir } from "./home.js";

type Env = Readonly<Record<string, string | undefined>>;

const readJson = <T>(path: string): T | undefined =>
  existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : undefined;

/** True while `pid` is the AM of the application in `dir` (a reused pid is not). */
export function amAlive(pid: number, dir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`${LOCAL_APP_DIR_ENV}=${dir}`);
  } catch {
    return true; // no /proc (or not ours to read): the pid answering is all we can know
  }
}

export interface LocalApp {
  readonly appId: string;
  readonly dir: string;
  readonly info: LocalAppInfo;
  readonly am?: LocalAmInfo;
  readonly final?: LocalFinal;
  readonly running: boolean;
}

export function readLocalApp(appId: string, env?: Env): LocalApp {
  const dir = localAppDir(appId, env);
  const info = readJson<LocalAppInfo>(join(dir, LOCAL_FILES.app));
  if (!info) {
    throw new LauncherError(
      "LOCAL_APP_NOT_FOUND",
      `${dir} holds no ${LOCAL_FILES.app}`,
      "It is not a local application.",
    );
  }
  const am = readJson<LocalAmInfo>(join(dir, LOCAL_FILES.am));
  const final = readJson<LocalFinal>(join(dir, LOCAL_FILES.final));
  const running = !final && am !== undefined && amAlive(am.pid, dir);
  return { appId, dir, info, ...(am ? { am } : {}), ...(final ? { final } : {}), running };
}

/** The application as the RM would report it. An AM gone without a final status FAILED. */
export function localReport(app: LocalApp): ApplicationReport {
  const { info, final } = app;
  const lost = !app.running && !final;
  const finalStatus = final ? (final.finalStatus as ApplicationReport["finalStatus"]) : lost ? "FAILED" : "UNDEFINED";
  const state = app.running ? "RUNNING" : finalStatus === "KILLED" ? "KILLED" : lost ? "FAILED" : "FINISHED";
  return {
    id: app.appId,
    name: info.name,
    user: info.user,
    queue: "local",
    state,
    finalStatus,
    progress: app.running ? 0 : 1,
    applicationType: "tsdask-yarn",
    tags: [],
    diagnostics: final?.diagnostics ?? (lost ? "the local ApplicationMaster exited without a final status" : ""),
    ...(app.am ? { trackingUrl: `${app.am.pageUrl ?? app.am.controlUrl}/` } : {}),
    // Where the RM would say the AM registered: the control API's host:port (controlUrlOf).
    ...(app.running && app.am ? { amRpcAddress: new URL(app.am.controlUrl).host } : {}),
    startedTime: app.am?.startTime ?? info.submitTime,
    finishedTime: final?.finishedTime ?? 0,
    allocatedMb: -1,
    allocatedVcores: -1,
    runningContainers: -1,
  };
}

/** A control client for a running local application. */
export function connectLocal(appId: string, env?: Env, timeoutMs?: number) {
  const app = readLocalApp(appId, env);
  const report = localReport(app);
  if (!app.running || !app.am) {
    throw new LauncherError(
      "APP_NOT_RUNNING",
      `${appId} is ${report.state} (${report.finalStatus})`,
      "Only a running application can be reached.",
    );
  }
  const staging = join(app.dir, LOCAL_FILES.staging);
  const secret = readFileSync(join(staging, APP_FILES.secret), "utf8").trim();
  const caPath = join(staging, APP_FILES.tlsCa);
  const ca = existsSync(caPath) ? readFileSync(caPath, "utf8") : undefined;
  const client = new ControlClient(app.am.controlUrl, secret, {
    ...(ca ? { ca } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { appId, controlUrl: app.am.controlUrl, stagingDir: staging, report, client };
}

/** Every local application of this user, newest first. */
export function listLocal(env?: Env): ApplicationReport[] {
  const dir = localAppsDir(env);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isLocalAppId)
    .sort()
    .reverse()
    .flatMap((id) => {
      try {
        return [localReport(readLocalApp(id, env))];
      } catch {
        return [];
      }
    });
}

const KILL_GRACE_MS = 20_000;

/**
 * SIGTERM to the AM, which ends the application KILLED (its containers stopped); SIGKILL after a
 * grace, and then the final status is written here. The containers follow the AM by their tethers.
 */
export async function killLocal(appId: string, env?: Env): Promise<ApplicationReport> {
  const app = readLocalApp(appId, env);
  if (app.running && app.am) {
    const { pid } = app.am;
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + KILL_GRACE_MS;
    while (amAlive(pid, app.dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (amAlive(pid, app.dir)) process.kill(pid, "SIGKILL");
  }
  // What the AM deletes when it ends normally: the secret and keys, the containers' directories.
  for (const d of [LOCAL_FILES.staging, LOCAL_FILES.containers])
    rmSync(join(app.dir, d), { recursive: true, force: true });
  const after = readLocalApp(appId, env);
  if (!after.final) {
    const final: LocalFinal = {
      finalStatus: "KILLED",
      diagnostics: "killed by tsdask-yarn kill",
      finishedTime: Date.now(),
    };
    const path = join(app.dir, LOCAL_FILES.final);
    writeFileSync(`${path}.tmp`, JSON.stringify(final), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
  return localReport(readLocalApp(appId, env));
}

/** The CA and the dask leaf of a running local application with TLS (`credentials`). */
export function localClientCredentials(appId: string, env?: Env): ClientCredentials {
  const app = readLocalApp(appId, env);
  const staging = join(app.dir, LOCAL_FILES.staging);
  const read = (f: string) => (existsSync(join(staging, f)) ? readFileSync(join(staging, f), "utf8") : undefined);
  const [ca, cert, key] = [read(APP_FILES.tlsCa), read(APP_FILES.tlsCert), read(APP_FILES.tlsKey)];
  if (ca === undefined || cert === undefined || key === undefined) {
    throw new LauncherError(
      "APP_NO_TLS",
      `${appId} has no TLS credentials in ${staging}`,
      "It was submitted with --no-tls (tls: false), or it has ended.",
    );
  }
  return { ca, cert, key };
}

/** Reports of local applications where code asks the RM (waitForDask). */
export function localReports(env?: Env): { applicationReport(appId: string): Promise<ApplicationReport> } {
  return { applicationReport: (appId) => Promise.resolve(localReport(readLocalApp(appId, env))) };
}
