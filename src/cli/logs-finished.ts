// `logs APP` for an application that has ended: the files YARN aggregated into HDFS, read through
// WebHDFS by the launcher (aggregatedContainerLogs), with the same filters and the same
// "==> INSTANCE CONTAINER_ID FILE <==" headers as for running containers. Contents are streamed
// to stdout as they are decoded (a 100 MiB log is never held whole).
import { TsdaskError } from "../errors.js";
import { aggregatedContainerLogs, AM_SERVICE, containerRoles, type ContainerRole } from "../launcher/index.js";
import type { CommandContext, Io } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

async function write(io: Io, bytes: Uint8Array): Promise<void> {
  if (io.write) await io.write(bytes);
  else io.out(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
}

export async function finishedLogs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  const options = clusterOptions(ctx);
  const roles = await containerRoles(appId, options);
  const roleOf = (containerId: string): ContainerRole =>
    roles.get(containerId) ?? { service: "unknown", instanceId: containerId };
  const wantedFile = chosenFile(opts);
  const seen = new Set<string>();
  const json: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  let printed = 0;
  const logs = aggregatedContainerLogs(appId, {
    ...options,
    containers: (id) => {
      seen.add(id);
      return (!opts.container || id === opts.container) && (!opts.service || roleOf(id).service === opts.service);
    },
    files: wantedFile,
  });
  for await (const log of logs) {
    const role = roleOf(log.containerId);
    printed++;
    if (ctx.global.json) {
      const parts: Uint8Array[] = [];
      for await (const c of log.data) parts.push(c);
      const text = Buffer.concat(parts).toString("utf8");
      json.push({
        service: role.service,
        instance: role.instanceId,
        containerId: log.containerId,
        file: log.file,
        text,
      });
      continue;
    }
    ctx.io.out(`==> ${role.instanceId} ${log.containerId} ${log.file} <==\n`);
    let last = 0x0a;
    for await (const c of log.data) {
      if (c.byteLength) last = c[c.byteLength - 1];
      await write(ctx.io, c);
    }
    if (last !== 0x0a) ctx.io.out("\n");
  }
  if (printed === 0) {
    const which = [...seen].map((id) => `${roleOf(id).service} ${id}`).join(", ") || "none";
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no aggregated log of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}${opts.file ? ` --file ${opts.file}` : ""}`,
      `Containers with logs: ${which}. Services: ${AM_SERVICE} and those the AM started; --all-files also shows launch_container.sh, directory.info and prelaunch.*.`,
    );
  }
  if (ctx.global.json) printJson(ctx.io, json);
  return 0;
}
