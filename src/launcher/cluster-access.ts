// What YarnCluster needs from where its application runs, once it is started: the RM's report,
// waiting for the end, kill, the staging cleanup and the containers' logs. YARN answers through the
// cluster session (RM REST, WebHDFS, NodeManagers); local mode from the application's directory.
import type { StatusReport } from "../control/index.js";
import type { ApplicationReport } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import type { ClusterClients, ClusterOptions } from "./cluster.js";
import { kill } from "./connect.js";
import { logTargets, type ContainerLog } from "./logs/container-logs.js";
import { followContainerLogs } from "./logs/follow-logs.js";
import { aggregatedFiles, readStreams } from "./logs/rolled-logs.js";
import { followLocalLogs, readLocalLogs } from "./local/follow.js";
import { killLocal, localReport, readLocalApp } from "./local/apps.js";

export interface LogsSelection {
  /** Only these services (e.g. "dask.worker"; "appmaster" = the ApplicationMaster). Default: all. */
  readonly services?: readonly string[];
  /** Only this file of each container, e.g. "stderr". Default: every file. */
  readonly file?: string;
  readonly signal?: AbortSignal;
}

export interface ClusterAccess {
  applicationReport(appId: string): Promise<ApplicationReport>;
  waitForEnd(appId: string, timeoutMs: number): Promise<ApplicationReport>;
  kill(appId: string, diagnostics: string): Promise<ApplicationReport>;
  removeStaging(stagingDir: string): Promise<void>;
  logs(appId: string, status: StatusReport, o: LogsSelection): Promise<ContainerLog[]>;
  followLogs(appId: string, status: () => Promise<StatusReport>, o: LogsSelection): AsyncGenerator<ContainerLog>;
}

const wanted = (o: LogsSelection) => (service: string) => !o.services || o.services.includes(service);

export function yarnAccess(session: ClusterClients, options: ClusterOptions): ClusterAccess {
  return {
    applicationReport: (appId) => session.rm.applicationReport(appId),
    waitForEnd: (appId, timeoutMs) => session.rm.waitForApplication(appId, undefined, { timeoutMs }),
    kill: (appId, diagnostics) => kill(appId, { ...options, diagnostics }),
    removeStaging: async (dir) => void (await session.hdfs.delete(dir, true).catch(() => false)),
    logs: async (appId, status, o) => {
      const report = await session.rm.applicationReport(appId);
      const out: ContainerLog[] = [];
      // Rolled parts already aggregated (log-parts.ts) are read from HDFS in their place.
      const uploaded = aggregatedFiles(appId, options, true);
      const names = await uploaded.names();
      for (const t of logTargets(status, report).filter((x) => wanted(o)(x.service))) {
        const aggregated = { names: names.get(t.containerId) ?? new Set<string>(), files: uploaded };
        out.push(
          ...(await readStreams(t, session.nodeAccess, aggregated, (f) => o.file === undefined || f === o.file)),
        );
      }
      return out;
    },
    followLogs: (appId, status, o) =>
      followContainerLogs({
        user: session.nodeAccess,
        ...(o.file !== undefined ? { files: [o.file] } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        aggregated: aggregatedFiles(appId, options, true),
        targets: async () => {
          const report = await session.rm.applicationReport(appId);
          if (TERMINAL_STATES.includes(report.state)) return undefined;
          return logTargets(await status(), report).filter((t) => wanted(o)(t.service));
        },
      }),
  };
}

const POLL_MS = 250;

export function localAccess(env?: Readonly<Record<string, string | undefined>>): ClusterAccess {
  const report = (appId: string) => localReport(readLocalApp(appId, env));
  return {
    applicationReport: (appId) => Promise.resolve(report(appId)),
    waitForEnd: async (appId, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      let r = report(appId);
      while (!TERMINAL_STATES.includes(r.state) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, POLL_MS));
        r = report(appId);
      }
      return r;
    },
    kill: (appId) => killLocal(appId, env),
    // The local AM removes its staging directory itself, also when killed (main.ts).
    removeStaging: () => Promise.resolve(),
    logs: (appId, _status, o) => Promise.resolve(readLocalLogs(readLocalApp(appId, env).dir, o.services, o.file)),
    followLogs: (appId, _status, o) => followLocalLogs(() => readLocalApp(appId, env), o.services, o.file, o.signal),
  };
}
