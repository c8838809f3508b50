import type { Command } from "commander";
import type { Registrar } from "../program.js";

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
    .action(r.action(async (ctx) => (await import("../cache.js")).cacheLs(ctx)));
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
    .action(r.action(async (ctx, opts: { olderThan?: string }) => (await import("../cache.js")).cacheClean(ctx, opts)));
}
