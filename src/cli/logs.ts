// `logs APP_ID`: the log files of an application's containers (the AM's and every service's).
// Running: straight from their NodeManagers through the launcher (src/launcher/logs/container-logs);
// with --follow, what they write from then on (src/launcher/logs/follow-logs). Ended: from the files
// YARN aggregated into HDFS (logs-finished.ts). By default only the services' own files.
import { TsdaskError } from "../errors.js";
import {
  nodeAccessFor,
  checkAppId,
  isLocalAppId,
  connect,
  logTargets,
  aggregatedFiles,
  readStreams,
  type ConnectedApplication,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { finishedLogs } from "./logs-finished.js";
import { localLogs } from "./logs-local.js";
import { followLogs, matches } from "./logs-follow.js";
import { printJson } from "./output.js";
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
  // Rolled parts YARN already took off the nodes (log-parts.ts): read from HDFS, in their place.
  const uploaded = aggregatedFiles(appId, clusterOptions(ctx), true);
  const names = await uploaded.names();
  for (const t of chosen) {
    const aggregated = { names: names.get(t.containerId) ?? new Set<string>(), files: uploaded };
    for (const l of await readStreams(t, user, aggregated, chosenFile(opts))) {
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
