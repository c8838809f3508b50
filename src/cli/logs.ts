// `logs APP_ID`: the log files of a running application's containers (the AM's and every
// service's), straight from their NodeManagers. Finished containers' logs are aggregated by YARN
// and are read with `yarn logs -applicationId` (not supported here; the help says so).
import type { Command } from "commander";
import { TsdaskError } from "../errors.js";
import { connect } from "../launcher/index.js";
import { checkAppId } from "./app-id.js";
import type { CommandContext } from "./io.js";
import { listLogFiles, readLogFile } from "./nm-logs.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
import { clusterOptions, userOf } from "./session.js";

export interface LogsOptions {
  service?: string;
  container?: string;
  file?: string;
}

interface Target {
  service: string;
  instance: string;
  containerId: string;
  node: string;
}

export const AM_SERVICE = "appmaster";

/** The AM's container id from its log link, e.g. …/containerlogs/container_…_000001/root. */
export function amContainerOf(amContainerLogs: string | undefined): string | undefined {
  return /(container_(?:e\d+_)?\d+_\d+_\d+_\d+)/.exec(amContainerLogs ?? "")?.[1];
}

export async function logs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  checkAppId(appId);
  const app = await connect(appId, clusterOptions(ctx));
  const st = await app.client.status();
  const targets: Target[] = [];
  const amId = amContainerOf(app.report.amContainerLogs);
  if (amId && app.report.amHostHttpAddress) {
    targets.push({ service: AM_SERVICE, instance: AM_SERVICE, containerId: amId, node: app.report.amHostHttpAddress });
  }
  for (const s of st.services) {
    for (const c of s.containers) {
      if (c.state === "RUNNING" && c.containerId && c.nodeHttpAddress) {
        targets.push({ service: s.name, instance: c.instanceId, containerId: c.containerId, node: c.nodeHttpAddress });
      }
    }
  }
  const chosen = targets.filter(
    (t) => (!opts.service || t.service === opts.service) && (!opts.container || t.containerId === opts.container),
  );
  if (chosen.length === 0) {
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no running container of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}`,
      `Running: ${targets.map((t) => `${t.service} ${t.containerId}`).join(", ") || "none"}. Logs of finished containers: yarn logs -applicationId ${appId}.`,
    );
  }
  const user = userOf(ctx);
  const out: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  for (const t of chosen) {
    const files = (await listLogFiles(t.node, t.containerId, user)).filter((f) => !opts.file || f.name === opts.file);
    for (const f of files) {
      const text = await readLogFile(t.node, t.containerId, f.name, user);
      if (ctx.global.json)
        out.push({ service: t.service, instance: t.instance, containerId: t.containerId, file: f.name, text });
      else
        ctx.io.out(
          `==> ${t.instance} ${t.containerId} ${f.name} <==\n${text}${text.endsWith("\n") || !text ? "" : "\n"}`,
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
    .description("print the logs of a running application's containers")
    .addHelpText(
      "after",
      `
Supported: containers that are RUNNING now (the ApplicationMaster and every service's), read
from their NodeManagers' web services (/ws/v1/node/containers/<id>/logs). Each file is printed
after a "==> INSTANCE CONTAINER_ID FILE <==" line.
Not supported: containers that finished, and finished applications. YARN aggregates those logs
(when yarn.log-aggregation-enable is on); read them with: yarn logs -applicationId APP_ID

Examples:
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.worker --file stderr
  $ tsdask-yarn logs application_1700000000000_0001 --service appmaster
  $ tsdask-yarn --json logs application_1700000000000_0001 | jq -r '.[].file'`,
    )
    .action(r.action((ctx, appId: string, opts: LogsOptions) => logs(ctx, appId, opts)));
}
