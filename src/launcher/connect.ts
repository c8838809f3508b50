// Reaching an application that is already running, from any process (the CLI's status / scale /
// shutdown, YarnCluster.fromApplicationId): app report → amRPCAddress → control URL, and the
// secret from the staging directory through WebHDFS. Also kill (which needs no AM) and waiting
// for the end with an exit code derived from the final status.
import { ControlClient, type FinalStatus, type ShutdownResponse, type StatusReport } from "../control/index.js";
import type { ApplicationReport, FinalApplicationStatus } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import type { WebHdfsClient } from "../webhdfs/index.js";
import {
  appStagingDir,
  clusterClients,
  openCluster,
  secretPath,
  type ClusterOptions,
  type ClusterSession,
} from "./cluster.js";
import { checkAppId, LauncherError } from "./errors.js";
import { isLocalAppId } from "../control/local-layout.js";
import { connectLocal, killLocal, localReport, readLocalApp } from "./local/apps.js";
import { readCaPem, readStagedText } from "./staged-text.js";
import { controlUrlOf } from "./registration.js";
import { reportWhileRmRecovers, type RecoveryContext } from "./rm-recovery.js";
import { amForScale, scaleResolved, type ScaleResult } from "./scale-outcome.js";
import { sweepEndedStaging } from "./staging-sweep.js";

export interface ConnectOptions extends ClusterOptions {
  /** Request timeout of the control client (default 15 s). */
  readonly controlTimeoutMs?: number;
}

export interface ConnectedApplication {
  readonly appId: string;
  readonly controlUrl: string;
  readonly stagingDir: string;
  readonly report: ApplicationReport;
  readonly client: ControlClient;
}

/** Reads the control secret of an application from its staging directory. */
export async function readSecret(hdfs: WebHdfsClient, stagingDir: string): Promise<string> {
  const text = await readStagedText(hdfs, secretPath(stagingDir));
  if (text === undefined) {
    throw new LauncherError(
      "APP_SECRET_MISSING",
      `${secretPath(stagingDir)} does not exist: the application's staging directory is gone`,
      "The application has ended (or was submitted by another user or with another staging-dir).",
    );
  }
  return text.trim();
}

/** A control client for a running application. */
export async function connect(appId: string, options: ConnectOptions = {}): Promise<ConnectedApplication> {
  if (isLocalAppId(appId)) return connectLocal(appId, options.env, options.controlTimeoutMs);
  checkAppId(appId);
  const session = await openCluster(options);
  return connectIn(
    session,
    appId,
    await reportWhileRmRecovers(session.rm, appId, recovery(session, appId, options)),
    options,
  );
}

/** How a call about `appId` waits out an RM restart: the caller's bound and notices, our staging dir. */
function recovery(session: ClusterSession, appId: string, options: ClusterOptions): RecoveryContext {
  return {
    ...(options.rmRecoveryWaitMs !== undefined ? { rmRecoveryWaitMs: options.rmRecoveryWaitMs } : {}),
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    stagingExists: async () => Boolean(await session.hdfs.statIfExists(appStagingDir(session, appId))),
  };
}

/**
 * The RM's report of an application, waiting out an RM restart. Talks to HDFS only when the RM
 * refuses connections (to see whether the application's staging directory exists) and when the
 * application has ended: looking at an ended application sweeps what ended applications left in
 * the staging area (its root the options' — the spec's staging-dir — like every other command).
 */
export async function applicationReport(
  appId: string,
  options: ClusterOptions = {},
  session?: Promise<ClusterSession>,
): Promise<ApplicationReport> {
  if (isLocalAppId(appId)) return localReport(readLocalApp(appId, options.env));
  checkAppId(appId);
  const { rm } = clusterClients(options);
  const opened = () => (session ??= openCluster(options));
  const ctx = {
    ...options,
    stagingExists: async () => recovery(await opened(), appId, options).stagingExists!(),
  };
  const report = await reportWhileRmRecovers(rm, appId, ctx);
  // A side job: an unreachable NameNode leaves the sweep to the next command, the report stands.
  if (TERMINAL_STATES.includes(report.state)) await opened().then(sweepEndedStaging, () => undefined);
  return report;
}

/**
 * A control client for an application whose report the caller holds (status asked the RM already;
 * the session may have been opened while it asked): no second report.
 */
export async function connectReported(
  session: ClusterSession,
  report: ApplicationReport,
  options: ConnectOptions = {},
): Promise<ConnectedApplication> {
  return connectIn(session, report.id, report, options);
}

async function connectIn(
  session: ClusterSession,
  appId: string,
  report: ApplicationReport,
  options: ConnectOptions,
): Promise<ConnectedApplication> {
  const stagingDir = appStagingDir(session, appId);
  const running = report.state === "RUNNING";
  // Both staged files are read at once, the CA's answer looked at first: a caller without access
  // to the application learns it there (the RM hides the AM's address from such a caller, which
  // would otherwise read as "not registered yet" and be waited for).
  const secretRead = running ? readSecret(session.hdfs, stagingDir) : undefined;
  secretRead?.catch(() => undefined);
  // The CA is staged with the secret: its presence says the control API speaks https, and it is
  // the only certificate the client trusts for it (no trust on first use).
  const caPem = running ? await readCaPem(session.hdfs, stagingDir) : undefined;
  const controlUrl = running ? controlUrlOf(report, caPem !== undefined) : undefined;
  if (!controlUrl || !secretRead) {
    const ended = TERMINAL_STATES.includes(report.state);
    throw new LauncherError(
      "APP_NOT_RUNNING",
      ended
        ? `${appId} has ended (${report.state}, final status ${report.finalStatus})`
        : `${appId} is ${report.state}: its ApplicationMaster has not registered yet`,
      ended ? "Submit a new application." : "Wait a moment and retry.",
    );
  }
  const secret = await secretRead;
  const client = new ControlClient(controlUrl, secret, {
    ...(options.controlTimeoutMs ? { timeoutMs: options.controlTimeoutMs } : {}),
    ...(caPem ? { ca: caPem } : {}),
  });
  return { appId, controlUrl, stagingDir, report, client };
}

/**
 * Sets a service's count, riding out an AM restart: a scale the AM did not take waits (bounded) for
 * the next attempt, and one whose answer was lost is confirmed from the AM's status (scale-outcome.ts).
 */
export async function scaleService(
  appId: string,
  service: string,
  instances: number,
  options: ConnectOptions & { amRestartWaitMs?: number } = {},
): Promise<ScaleResult> {
  const reconnect = async () => (await connect(appId, options)).client;
  const o = {
    ...(options.amRestartWaitMs !== undefined ? { waitMs: options.amRestartWaitMs } : {}),
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  };
  return scaleResolved(await amForScale(reconnect, service, instances, o), reconnect, service, instances, o);
}

/** The RM's report plus, when the AM is reachable, its own status (services and containers). */
export async function status(
  appId: string,
  options: ConnectOptions = {},
): Promise<{ report: ApplicationReport; am?: StatusReport }> {
  if (isLocalAppId(appId)) {
    const report = localReport(readLocalApp(appId, options.env));
    if (report.state !== "RUNNING") return { report };
    return { report, am: await connectLocal(appId, options.env, options.controlTimeoutMs).client.status() };
  }
  const report = await applicationReport(appId, options);
  if (report.state !== "RUNNING" || !controlUrlOf(report)) return { report };
  const { client } = await connectIn(await openCluster(options), appId, report, options);
  return { report, am: await client.status() };
}

/** Sets a service's count; the library's name for scaleService (the same AM-restart handling). */
export function scale(
  appId: string,
  service: string,
  instances: number,
  options: ConnectOptions & { amRestartWaitMs?: number } = {},
): Promise<ScaleResult> {
  return scaleService(appId, service, instances, options);
}

/** Asks the AM to stop its services and finish with `finalStatus`; the AM removes the staging dir. */
export async function shutdown(
  appId: string,
  finalStatus: FinalStatus = "SUCCEEDED",
  diagnostics?: string,
  options: ConnectOptions = {},
): Promise<ShutdownResponse> {
  return (await connect(appId, options)).client.shutdown(finalStatus, diagnostics);
}

export interface WaitOptions extends ClusterOptions {
  /** Default: no limit. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/** Blocks until the application ends; returns its last report (state, finalStatus, diagnostics). */
export async function waitForFinish(appId: string, options: WaitOptions = {}): Promise<ApplicationReport> {
  checkAppId(appId);
  const session = await openCluster(options);
  return session.rm.waitForApplication(appId, undefined, {
    timeoutMs: options.timeoutMs ?? Number.MAX_SAFE_INTEGER / 2,
    intervalMs: options.intervalMs ?? 1000,
  });
}

/**
 * SUCCEEDED 0, FAILED 1, KILLED 137 (UNDEFINED: 1): the CLI's codes (cli/exit.ts EXIT, docs/design.md §8; a unit test
 * keeps them equal). KILLED is 128 + SIGKILL, not 3, which a script's own sys.exit(3) gives.
 */
export function exitCodeOf(finalStatus: FinalApplicationStatus): number {
  return finalStatus === "SUCCEEDED" ? 0 : finalStatus === "KILLED" ? 137 : 1;
}

/**
 * Kills the application through the RM (the AM need not be alive), waits until YARN reports it
 * ended, and deletes its staging directory. Killing an application that already ended only
 * cleans up. Returns the final report.
 */
export async function kill(
  appId: string,
  options: ClusterOptions & { readonly timeoutMs?: number; readonly diagnostics?: string } = {},
): Promise<ApplicationReport> {
  if (isLocalAppId(appId)) return killLocal(appId, options.env);
  checkAppId(appId);
  const session = await openCluster(options);
  let report = await reportWhileRmRecovers(session.rm, appId, recovery(session, appId, options));
  if (!TERMINAL_STATES.includes(report.state)) {
    await session.rm.killApplication(appId, options.diagnostics ?? "killed by tsdask-yarn kill");
    report = await session.rm.waitForApplication(appId, undefined, { timeoutMs: options.timeoutMs ?? 60_000 });
  }
  await session.hdfs.delete(appStagingDir(session, appId), true);
  await sweepEndedStaging(session);
  return report;
}
