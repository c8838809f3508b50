// `logs APP_ID`: the log files of an application's containers (the AM's and every service's).
// Running: straight from their NodeManagers through the launcher (src/launcher/container-logs);
// with --follow, what they write from then on (src/launcher/follow-logs). Ended: from the files
// YARN aggregated into HDFS (logs-finished.ts). By default only the services' own files.
import type { Command } from "commander";
import { TsdaskError } from "../errors.js";
import {
  nodeAccessFor,
  checkAppId,
  isLocalAppId,
  AM_SERVICE,
  connect,
  logTargets,
  readContainerLogs,
  type ConnectedApplication,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { finishedLogs } from "./logs-finished.js";
import { localLogs } from "./logs-local.js";
import { followLogs, matches } from "./logs-follow.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
import { clusterOptions } from "./session.js";

export type { LogsOptions } from "./logs-files.js";

const isCode = (err: unknown, code: string) => err instanceof TsdaskError && err.code === code;

/**
 * connect(), or undefined when the application has ended (its logs are then aggregated). An
 * application the RM no longer knows (restarted RM, evicted history) may have aggregated logs
 * too: "forgotten" then holds the RM's error, for when HDFS has nothing either.
 */
async function connectForLogs(
  ctx: CommandContext,
  appId: string,
): Promise<{ app?: ConnectedApplication; forgotten?: unknown }> {
  try {
    return { app: await connect(appId, clusterOptions(ctx)) };
  } catch (err) {
    if (isCode(err, "APP_NOT_RUNNING") && / has ended /.test((err as Error).message)) return {};
    if (isCode(err, "YARN_NOT_FOUND")) return { forgotten: err };
    throw err;
  }
}

async function endedLogs(ctx: CommandContext, appId: string, opts: LogsOptions, forgotten: unknown): Promise<number> {
  try {
    return await finishedLogs(ctx, appId, opts);
  } catch (err) {
    throw forgotten && isCode(err, "LOGS_NOT_AGGREGATED") ? forgotten : err;
  }
}

export async function logs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  checkAppId(appId);
  if (isLocalAppId(appId)) return localLogs(ctx, appId, opts);
  const { app, forgotten } = await connectForLogs(ctx, appId);
  // An ended application has nothing more to follow: --follow prints what was aggregated.
  if (!app) return endedLogs(ctx, appId, opts, forgotten);
  const targets = logTargets(await app.client.status(), app.report);
  const chosen = targets.filter(matches(opts));
  if (chosen.length === 0) {
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no running container of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}`,
      `Running: ${targets.map((t) => `${t.service} ${t.containerId}`).join(", ") || "none"}. Logs of finished containers are read from HDFS once the application has ended.`,
    );
  }
  const user = nodeAccessFor(clusterOptions(ctx));
  if (opts.follow) {
    await followLogs(ctx, app, opts, user);
    return 0;
  }
  const out: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  for (const t of chosen) {
    const files = (await readContainerLogs(t, user, opts.file)).filter((l) => chosenFile(opts)(l.file));
    for (const l of files) {
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
    .option("--all-files", "also YARN's launch files: launch_container.sh, directory.info, prelaunch.*")
    .option("-f, --follow", "keep printing what the containers write until they end or Ctrl-C")
    .description("print the logs of an application's containers, running or finished")
    .addHelpText(
      "after",
      `
Running applications: the containers that are RUNNING now (the ApplicationMaster and every
service's), read from their NodeManagers' web services (/ws/v1/node/containers/<id>/logs).
Finished applications: every container's logs, read through WebHDFS from the files YARN's log
aggregation wrote (yarn.nodemanager.remote-app-log-dir, e.g. /tmp/logs/USER/bucket-logs-tfile/
NNNN/APP_ID/), in either format (TFile or indexed; gz or none), with no JVM. The services of
finished containers come from the ApplicationMaster's own log. Each file is printed after a
"==> INSTANCE CONTAINER_ID FILE <==" line. By default the services' own files (stdout, stderr,
appmaster.*); --all-files adds YARN's launch_container.sh, directory.info and prelaunch.*.

--follow polls every second and prints only what was added (stdout and stderr unless --file),
starting with what is there already. Containers that start later are followed too; with several
containers each line starts with "[INSTANCE FILE] ". It stops when the application (or the one
--container) ends, or on Ctrl-C; either way the exit code is 0. With --json: one JSON object
per line and chunk. On a finished application --follow prints the aggregated logs and ends.

Examples:
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.worker --file stderr
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.scheduler --follow
  $ tsdask-yarn logs application_1700000000000_0001 --service appmaster
  $ tsdask-yarn --json logs application_1700000000000_0001 | jq -r '.[].file'`,
    )
    .action(r.action((ctx, appId: string, opts: LogsOptions) => logs(ctx, appId, opts)));
}
