// `tsdask-yarn cache ls` / `cache clean`: the user's HDFS upload cache (environments and the AM
// runtime, content-addressed) with sizes, and removal of partial uploads that cut uploads left.
import type { Command } from "commander";
import { cleanCache, type CacheReport } from "../launcher/index.js";
import { parseDurationFlag } from "./exit.js";
import type { CommandContext } from "./io.js";
import { formatTime, printJson, printTable } from "./output.js";
import type { Registrar } from "./program.js";
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

export function registerCache(program: Command, r: Registrar): void {
  const cache = program
    .command("cache")
    .description("show the HDFS upload cache (environments, runtime) and remove partial uploads")
    .addHelpText(
      "after",
      `
Submit uploads the environment and the AM runtime once into <HDFS home>/.tsdask-yarn/cache/<sha256>/
and reuses them. An upload cut short (Ctrl-C twice, NameNode crash, killed process) can leave a
partial '.NAME.RANDOM.uploading' file; those older than a day are removed by 'cache ls', 'cache
clean' and the next submit that uploads. Complete entries are kept: running applications need them.`,
    );
  cache
    .command("ls")
    .description("list cache entries and partial uploads with sizes (removes partial uploads older than a day)")
    .action(
      r.action(async (ctx) => {
        report(ctx, await cleanCache(clusterOptions(ctx)), true);
        return 0;
      }),
    );
  cache
    .command("clean")
    .description("remove partial uploads older than a day (or --older-than)")
    .option("--older-than <DURATION>", "age above which a partial upload is removed; 0 removes all", "1d")
    .addHelpText(
      "after",
      `
'--older-than 0' also removes partial uploads of a submit that is uploading right now (it fails).

Examples:
  $ tsdask-yarn cache clean
  $ tsdask-yarn cache clean --older-than 0`,
    )
    .action(
      r.action(async (ctx, opts: { olderThan?: string }) => {
        const olderThanMs = parseDurationFlag("--older-than", opts.olderThan ?? "1d", true);
        report(ctx, await cleanCache({ ...clusterOptions(ctx), olderThanMs }), false);
        return 0;
      }),
    );
}
