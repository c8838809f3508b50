// `logs APP` for an application that has ended: the files YARN aggregated into HDFS, read through
// WebHDFS by the launcher (aggregatedContainerLogs), with the same filters and the same
// "==> INSTANCE CONTAINER_ID FILE <==" headers as for running containers. Contents are streamed
// to stdout as they are decoded (a 100 MiB log is never held whole). A rolled stream's parts
// (control/log-parts.ts) are shown as the one file they are, in order.
import { TsdaskError } from "../errors.js";
import { logicalLogName, missingPartsNote, orderStream } from "../control/index.js";
import {
  aggregatedContainerLogs,
  aggregatedFiles,
  AM_SERVICE,
  containerRoles,
  type ContainerRole,
  waitForLogAggregation,
} from "../launcher/index.js";
import type { CommandContext, Io } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

async function write(io: Io, bytes: Uint8Array): Promise<void> {
  if (io.write) await io.write(bytes);
  else io.out(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
}

/** The pieces of one logical file in reading order (rolled parts joined: log-parts.ts), gaps noted. */
function readingOrder(names: ReadonlySet<string>, logical: string): { name?: string; note?: string }[] {
  if (![...names].some((n) => logicalLogName(n) === logical && n !== logical)) return [{ name: logical }];
  const { pieces, missing } = orderStream(names, logical);
  const out: { name?: string; note?: string }[] = [];
  let noted = 0;
  for (const p of pieces) {
    const gap = missing.filter((n) => n < p.part && n > noted);
    if (gap.length) out.push({ note: missingPartsNote(logical, gap) });
    noted = Number.isFinite(p.part) ? p.part : noted;
    out.push({ name: p.name });
  }
  return out;
}

export async function finishedLogs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  const options = clusterOptions(ctx);
  // Just ended (`logs` right after `submit --wait`): the NodeManagers are still uploading.
  await waitForLogAggregation(appId, { ...options, onWait: (line) => ctx.io.err(`${line}\n`) });
  const roles = await containerRoles(appId, options);
  const roleOf = (containerId: string): ContainerRole =>
    roles.get(containerId) ?? { service: "unknown", instanceId: containerId };
  const wantedFile = chosenFile(opts);
  const json: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  let printed = 0;
  // First the names (data skipped), then each logical file's pieces in order: a rolled stream's
  // parts were uploaded over several aggregation cycles, in node files of their own.
  const byContainer = await aggregatedFiles(appId, options, false).names();
  const chosenContainer = (id: string) =>
    (!opts.container || id === opts.container) && (!opts.service || roleOf(id).service === opts.service);
  for (const [containerId, names] of byContainer) {
    if (!chosenContainer(containerId)) continue;
    const role = roleOf(containerId);
    for (const logical of [...new Set([...names].map(logicalLogName))].filter(wantedFile)) {
      printed++;
      const chunks: Uint8Array[] = [];
      const emit = ctx.global.json ? async (c: Uint8Array) => void chunks.push(c) : (c: Uint8Array) => write(ctx.io, c);
      if (!ctx.global.json) ctx.io.out(`==> ${role.instanceId} ${containerId} ${logical} <==\n`);
      let last = 0x0a;
      for (const piece of readingOrder(names, logical)) {
        if (piece.note) {
          await emit(Buffer.from(piece.note));
          continue;
        }
        for await (const log of aggregatedContainerLogs(appId, {
          ...options,
          containers: [containerId],
          files: [piece.name!],
        })) {
          for await (const c of log.data) {
            last = c.at(-1) ?? last;
            await emit(c);
          }
          break; // one copy of a piece is enough
        }
      }
      if (ctx.global.json) {
        const text = Buffer.concat(chunks).toString("utf8");
        json.push({ service: role.service, instance: role.instanceId, containerId, file: logical, text });
      } else if (last !== 0x0a) ctx.io.out("\n");
    }
  }
  if (printed === 0) {
    const which = [...byContainer.keys()].map((id) => `${roleOf(id).service} ${id}`).join(", ") || "none";
    throw new TsdaskError(
      "LOGS_NO_CONTAINER",
      `no aggregated log of ${appId} matches${opts.service ? ` --service ${opts.service}` : ""}${opts.container ? ` --container ${opts.container}` : ""}${opts.file ? ` --file ${opts.file}` : ""}`,
      `Containers with logs: ${which}. Services: ${AM_SERVICE} and those the AM started; --all-files also shows launch_container.sh, directory.info and prelaunch.*.`,
    );
  }
  if (ctx.global.json) printJson(ctx.io, json);
  return 0;
}
