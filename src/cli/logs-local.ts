// `logs LOCAL_APP_ID`: a local application's container logs are files under its directory, kept
// after the end, so running and finished applications read the same way. --follow polls them
// every second until the AM is gone (or Ctrl-C); with several containers each chunk is prefixed.
import { TsdaskError } from "../errors.js";
import { followLocalLogs, localContainerLogs, readLocalApp, readLocalLogs } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { printJson } from "./output.js";

export async function localLogs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  const { io } = ctx;
  const app = readLocalApp(appId, io.env);
  const services = opts.service ? [opts.service] : undefined;
  const pick = (c: { containerId: string }) => !opts.container || c.containerId === opts.container;
  const containers = localContainerLogs(app.dir, opts.service).filter(pick);
  if (containers.length === 0) {
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no container of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}`,
      `Containers: ${
        localContainerLogs(app.dir)
          .map((c) => `${c.instanceId} ${c.containerId}`)
          .join(", ") || "none"
      }.`,
    );
  }
  if (opts.follow) {
    const abort = new AbortController();
    const off = io.onInterrupt?.(() => abort.abort());
    try {
      for await (const l of followLocalLogs(() => readLocalApp(appId, io.env), services, opts.file, abort.signal)) {
        if (!pick(l)) continue;
        if (ctx.global.json) io.out(`${JSON.stringify(l)}\n`);
        else io.out(containers.length > 1 ? l.text.replace(/^(?=.)/gm, `[${l.instanceId} ${l.file}] `) : l.text);
      }
    } finally {
      off?.();
    }
    return 0;
  }
  const logs = readLocalLogs(app.dir, services).filter((l) => pick(l) && chosenFile(opts)(l.file));
  // The same JSON as for YARN applications (cli/logs.ts).
  const json = logs.map((l) => ({
    service: l.service,
    instance: l.instanceId,
    containerId: l.containerId,
    file: l.file,
    text: l.text,
  }));
  if (ctx.global.json) printJson(io, json);
  else
    for (const l of logs)
      io.out(
        `==> ${l.instanceId} ${l.containerId} ${l.file} <==\n${l.text}${l.text.endsWith("\n") || !l.text ? "" : "\n"}`,
      );
  return 0;
}
