// `logs LOCAL_APP_ID`: a local application's container logs are files under its directory, kept
// after the end, so running and finished applications read the same way. --follow polls them
// every second until the AM is gone (or Ctrl-C); with several containers each chunk is prefixed.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TsdaskError } from "../errors.js";
import { FileTail, localContainerLogs, readLocalApp, type LocalContainerLogs } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { chosenFile, type LogsOptions } from "./logs-files.js";
import { printJson } from "./output.js";

const FOLLOW_MS = 1_000;

function chosen(ctx: CommandContext, appId: string, opts: LogsOptions): LocalContainerLogs[] {
  const app = readLocalApp(appId, ctx.io.env);
  const all = localContainerLogs(app.dir, opts.service);
  const picked = all.filter((c) => !opts.container || c.containerId === opts.container);
  if (picked.length === 0) {
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
  return picked;
}

const filesOf = (c: LocalContainerLogs, opts: LogsOptions) => readdirSync(c.dir).filter(chosenFile(opts)).sort();

export async function localLogs(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  const { io } = ctx;
  if (opts.follow) return followLocal(ctx, appId, opts);
  const out: { service: string; instance: string; containerId: string; file: string; text: string }[] = [];
  for (const c of chosen(ctx, appId, opts)) {
    for (const file of filesOf(c, opts).filter((f) => f !== "instance")) {
      const text = new FileTail(join(c.dir, file)).read();
      const service = c.instanceId.replace(/_\d+$/, "");
      if (ctx.global.json) out.push({ service, instance: c.instanceId, containerId: c.containerId, file, text });
      else
        io.out(`==> ${c.instanceId} ${c.containerId} ${file} <==\n${text}${text.endsWith("\n") || !text ? "" : "\n"}`);
    }
  }
  if (ctx.global.json) printJson(io, out);
  return 0;
}

async function followLocal(ctx: CommandContext, appId: string, opts: LogsOptions): Promise<number> {
  const { io } = ctx;
  const tails = new Map<string, { c: LocalContainerLogs; file: string; tail: FileTail }>();
  let stop = false;
  const off = io.onInterrupt?.(() => (stop = true));
  try {
    for (;;) {
      const running = readLocalApp(appId, io.env).running;
      for (const c of chosen(ctx, appId, opts)) {
        for (const file of opts.file ? [opts.file] : ["stdout", "stderr"]) {
          const key = `${c.containerId}/${file}`;
          if (!tails.has(key)) tails.set(key, { c, file, tail: new FileTail(join(c.dir, file)) });
        }
      }
      for (const { c, file, tail } of tails.values()) {
        const text = tail.read();
        if (!text) continue;
        if (ctx.global.json)
          io.out(`${JSON.stringify({ instance: c.instanceId, containerId: c.containerId, file, text })}\n`);
        else io.out(tails.size > 2 ? text.replace(/^(?=.)/gm, `[${c.instanceId} ${file}] `) : text);
      }
      if (!running || stop) return 0;
      await new Promise((r) => setTimeout(r, FOLLOW_MS));
    }
  } finally {
    off?.();
  }
}
