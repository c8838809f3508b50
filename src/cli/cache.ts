// `tsdask-yarn cache ls` / `cache clean`: the user's HDFS upload cache (environments and the AM
// runtime, content-addressed) with sizes, and removal of partial uploads that cut uploads left.
import { cleanCache, type CacheReport } from "../launcher/index.js";
import { parseDurationFlag } from "./exit.js";
import type { CommandContext } from "./io.js";
import { formatTime, printJson, printTable } from "./output.js";
import { clusterOptions } from "./session.js";

const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

function report(ctx: CommandContext, r: CacheReport, listing: boolean): void {
  const { io } = ctx;
  if (ctx.global.json) return printJson(io, r);
  for (const f of r.removed) io.err(`removed partial upload ${f.path} (${mib(f.bytes)})\n`);
  for (const f of r.failed) io.err(`warning: could not remove partial upload ${f.path}: ${f.reason}\n`);
  if (listing) {
    const row = (f: CacheReport["entries"][number], kind: string) => [
      f.sha256.slice(0, 12),
      f.name,
      kind,
      mib(f.bytes),
      formatTime(f.modificationTime),
    ];
    printTable(
      io,
      ["ENTRY", "NAME", "KIND", "SIZE", "MODIFIED"],
      [...r.entries.map((f) => row(f, "entry")), ...r.partial.map((f) => row(f, "partial"))],
    );
  }
  const total = [...r.entries, ...r.partial].reduce((n, f) => n + f.bytes, 0);
  io.err(
    `${r.root}: ${r.entries.length} entr${r.entries.length === 1 ? "y" : "ies"}, ` +
      `${r.partial.length} partial upload(s) kept, ${mib(total)} in all; removed ${r.removed.length} partial upload(s)\n`,
  );
}

export async function cacheLs(ctx: CommandContext): Promise<number> {
  report(ctx, await cleanCache(clusterOptions(ctx)), true);
  return 0;
}

export async function cacheClean(ctx: CommandContext, opts: { olderThan?: string }): Promise<number> {
  const olderThanMs = parseDurationFlag("--older-than", opts.olderThan ?? "1d", true);
  report(ctx, await cleanCache({ ...clusterOptions(ctx), olderThanMs }), false);
  return 0;
}
