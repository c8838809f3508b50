// `logs APP_ID`: the log files of a running application's containers (the AM's and every
// service's), straight from their NodeManagers through the launcher (src/launcher/container-logs);
// with --follow, what they write from then on (src/launcher/follow-logs). Finished applications'
// logs are aggregated by YARN in a binary format: the error says to use `yarn logs`.
import type { Command } from "commander";
import { TsdaskError } from "../errors.js";
import {
  nodeAccessFor,
  checkAppId,
  AM_SERVICE,
  connect,
  logTargets,
  readContainerLogs,
  type ConnectedApplication,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { followLogs, matches } from "./logs-follow.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
import { clusterOptions } from "./session.js";

export interface LogsOptions {
  service?: string;
  container?: string;
  file?: string;
  follow?: boolean;
}

const finishedHint = (appId: string) =>
  "tsdask-yarn reads the logs of running containers only. With log aggregation on " +
  "(yarn.log-aggregation-enable), YARN keeps a finished application's logs in HDFS " +
  "(yarn.nodemanager.remote-app-log-dir, default /tmp/logs) in its binary TFile/IFile format; " +
  `read them with: yarn logs -applicationId ${appId}`;

/** connect(), with an ended application's error saying where its logs went instead of "submit a new one". */
async function connectForLogs(ctx: CommandContext, appId: string): Promise<ConnectedApplication> {
  try {
    return await connect(appId, clusterOptions(ctx));
  } catch (err) {
    if (err instanceof TsdaskError && err.code === "APP_NOT_RUNNING" && / has ended /.test(err.message)) {
      throw new TsdaskError("LOGS_APP_ENDED", err.message, finishedHint(appId));
    }
    throw err;
  }
}

export async function logs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  checkAppId(appId);
  const app = await connectForLogs(ctx, appId);
  const targets = logTargets(await app.client.status(), app.report);
  const chosen = targets.filter(matches(opts));
  if (chosen.length === 0) {
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no running container of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}`,
      `Running: ${targets.map((t) => `${t.service} ${t.containerId}`).join(", ") || "none"}. Logs of finished containers: yarn logs -applicationId ${appId}.`,
    );
  }
  const user = nodeAccessFor(clusterOptions(ctx));
  if (opts.follow) {
    await followLogs(ctx, app, opts, user);
    return 0;
  }
  const out: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  for (const t of chosen) {
    for (const l of await readContainerLogs(t, user, opts.file)) {
      const { text } = l;
      if (ctx.global.json)
        out.push({ service: t.service, instance: t.instanceId, containerId: t.containerId, file: l.file, text });
      else
        ctx.io.out(
          `==> ${t.instanceId} ${t.containerId} ${l.file} <==\n${text}${text.endsWith("\n") || !text ? "" : "\n"}`,
        );
    }
  }
  if (ctx.global.json) printJson(ctx.io, out);
  return 0;
}

export function registerLogs(program: Command, r: Registrar): void {
  program
    .command("logs")
    .argument("<APP_ID>", "application id")
    .option("--service <NAME>", `only this service's containers (${AM_SERVICE} = the ApplicationMaster)`)
    .option("--container <ID>", "only this container")
    .option("--file <NAME>", "only this log file, e.g. stderr")
    .option("-f, --follow", "keep printing what the containers write until they end or Ctrl-C")
    .description("print the logs of a running application's containers")
    .addHelpText(
      "after",
      `
Supported: containers that are RUNNING now (the ApplicationMaster and every service's), read
from their NodeManagers' web services (/ws/v1/node/containers/<id>/logs). Each file is printed
after a "==> INSTANCE CONTAINER_ID FILE <==" line.

--follow polls every second and prints only what was added (stdout and stderr unless --file),
starting with what is there already. Containers that start later are followed too; with several
containers each line starts with "[INSTANCE FILE] ". It stops when the application (or the one
--container) ends, or on Ctrl-C; either way the exit code is 0. With --json: one JSON object
per line and chunk.

Not supported: containers that finished, and finished applications. YARN aggregates those logs
(when yarn.log-aggregation-enable is on) into HDFS (yarn.nodemanager.remote-app-log-dir, e.g.
/tmp/logs/USER/bucket-logs-tfile/…/APP_ID/) in a binary TFile/IFile format that tsdask-yarn does
not read; read them with: yarn logs -applicationId APP_ID

Examples:
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.worker --file stderr
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.scheduler --follow
  $ tsdask-yarn logs application_1700000000000_0001 --service appmaster
  $ tsdask-yarn --json logs application_1700000000000_0001 | jq -r '.[].file'`,
    )
    .action(r.action((ctx, appId: string, opts: LogsOptions) => logs(ctx, appId, opts)));
}
