// `logs --follow`: prints what the chosen containers write as they write it (the launcher's
// followContainerLogs polls the NodeManagers), until the application or the one --container ends,
// or Ctrl-C. With several containers every line gets a "[INSTANCE FILE] " prefix, so lines are
// held back until their newline; one container's output passes through unchanged.
import {
  aggregatedFiles,
  followContainerLogs,
  logTargets,
  TERMINAL_STATES,
  type ConnectedApplication,
  type LogTarget,
  type NodeAccess,
} from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import type { LogsOptions } from "./logs.js";
import { clusterOptions, clusterSession } from "./session.js";

/** The files a running process keeps writing; the others are written once at launch. */
const DEFAULT_FILES = ["stdout", "stderr"];

/** The containers --service and --container choose. */
export const matches = (opts: LogsOptions) => (t: LogTarget) =>
  (!opts.service || t.service === opts.service) && (!opts.container || t.containerId === opts.container);

export async function followLogs(
  ctx: CommandContext,
  app: ConnectedApplication,
  opts: LogsOptions,
  user: NodeAccess,
): Promise<void> {
  const { io } = ctx;
  const { rm } = clusterSession(ctx);
  const seen = new Set<string>();
  let last: LogTarget[] = [];
  let ended: string | undefined;

  const targets = async (): Promise<LogTarget[] | undefined> => {
    const report = await rm.applicationReport(app.appId);
    if (TERMINAL_STATES.includes(report.state)) {
      ended = `${app.appId} ended (${report.state}, final status ${report.finalStatus})`;
      return undefined;
    }
    // An AM that does not answer (between attempts, or finishing) leaves the last list in place.
    const status = await app.client.status().catch(() => undefined);
    if (status) last = logTargets(status, report).filter(matches(opts));
    if (opts.container && last.length === 0) {
      ended = `${opts.container} is no longer running`;
      return undefined;
    }
    for (const t of last) seen.add(t.containerId);
    return last;
  };

  const abort = new AbortController();
  const off = io.onInterrupt?.(() => abort.abort());
  const partial = new Map<string, string>();
  const prefixOf = (l: { instanceId: string; file: string }) => `[${l.instanceId} ${l.file}] `;
  try {
    for await (const l of followContainerLogs({
      user,
      targets,
      files: opts.file ? [opts.file] : DEFAULT_FILES,
      signal: abort.signal,
      aggregated: aggregatedFiles(app.appId, clusterOptions(ctx), true),
    })) {
      if (ctx.global.json) {
        io.out(
          `${JSON.stringify({ service: l.service, instance: l.instanceId, containerId: l.containerId, file: l.file, text: l.text })}\n`,
        );
      } else if (seen.size <= 1) {
        io.out(l.text);
      } else {
        const key = `${l.containerId}/${l.file}`;
        const lines = ((partial.get(key) ?? "") + l.text).split("\n");
        partial.set(key, lines.pop() ?? "");
        if (lines.length) io.out(lines.map((x) => `${prefixOf(l)}${x}\n`).join(""));
      }
    }
  } finally {
    off?.();
    // Unfinished last lines are printed as they are rather than lost.
    for (const [key, text] of partial) {
      const [containerId, file] = key.split("/") as [string, string];
      const instanceId = last.find((t) => t.containerId === containerId)?.instanceId ?? containerId;
      if (text) io.out(`${prefixOf({ instanceId, file })}${text}\n`);
    }
  }
  io.err(ended ? `${ended}\n` : "stopped following\n");
}
