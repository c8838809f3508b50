// `tsdask-yarn cache ls` / `cache clean`: the user's HDFS upload cache (environments and the AM
// runtime, content-addressed) with sizes and last use, removal of partial uploads that cut uploads
// left and (--unused-for) of entries no application used for that long.
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
  for (const p of r.staging.removed) io.err(`removed the staging directory of an ended application: ${p}\n`);
  for (const f of r.staging.failed) io.err(`warning: could not remove ${f.path}: ${f.reason}\n`);
  for (const f of r.removed) io.err(`removed partial upload ${f.path} (${mib(f.bytes)})\n`);
  for (const f of r.failed) io.err(`warning: could not remove partial upload ${f.path}: ${f.reason}\n`);
  const ev = r.eviction;
  for (const f of ev?.evicted ?? [])
    io.err(`evicted ${f.path} (${mib(f.bytes)}, last used ${formatTime(f.lastUsed)})\n`);
  for (const k of ev?.inUse ?? []) io.err(`kept ${k.path}: in use by ${k.appIds.join(", ")}\n`);
  for (const f of ev?.failed ?? []) io.err(`warning: could not evict ${f.path}: ${f.reason}\n`);
  if (ev?.refused) io.err(`warning: evicted nothing: ${ev.refused}\n`);
  if (listing) {
    const row = (f: CacheReport["entries"][number], kind: string) => [
      f.sha256.slice(0, 12),
      f.name,
      kind,
      mib(f.bytes),
      formatTime(f.modificationTime),
      formatTime(f.lastUsed),
    ];
    printTable(
      io,
      ["ENTRY", "NAME", "KIND", "SIZE", "MODIFIED", "LAST USED"],
      [...r.entries.map((f) => row(f, "entry")), ...r.partial.map((f) => row(f, "partial"))],
    );
  }
  const total = [...r.entries, ...r.partial].reduce((n, f) => n + f.bytes, 0);
  io.err(
    `${r.root}: ${r.entries.length} entr${r.entries.length === 1 ? "y" : "ies"}, ` +
      `${r.partial.length} partial upload(s) kept, ${mib(total)} in all; removed ${r.removed.length} partial upload(s)` +
      (ev ? `, evicted ${ev.evicted.length} unused entr${ev.evicted.length === 1 ? "y" : "ies"}` : "") +
      "\n",
  );
}

export async function cacheLs(ctx: CommandContext): Promise<number> {
  report(ctx, await cleanCache(clusterOptions(ctx)), true);
  return 0;
}

export async function cacheClean(
  ctx: CommandContext,
  opts: { olderThan?: string; unusedFor?: string },
): Promise<number> {
  const olderThanMs = parseDurationFlag("--older-than", opts.olderThan ?? "1d", true);
  const unusedForMs =
    opts.unusedFor === undefined ? undefined : parseDurationFlag("--unused-for", opts.unusedFor, true);
  report(
    ctx,
    await cleanCache({ ...clusterOptions(ctx), olderThanMs, ...(unusedForMs !== undefined ? { unusedForMs } : {}) }),
    false,
  );
  return 0;
}
