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
clean' and the next submit that uploads. Complete entries are kept unless 'cache clean --unused-for'
asks: it removes those no application used for that long (last use: the entry directory's
modification time, set by every submit that uses it), never one a running application uses.
Both commands also remove the staging directories of the user's applications that have ended.`,
    );
  cache
    .command("ls")
    .description("list cache entries and partial uploads with sizes (removes partial uploads older than a day)")
    .action(r.action(async (ctx) => (await import("../cache.js")).cacheLs(ctx)));
  cache
    .command("clean")
    .description("remove partial uploads older than a day (or --older-than) and, with --unused-for, unused entries")
    .option("--older-than <DURATION>", "age above which a partial upload is removed; 0 removes all", "1d")
    .option("--unused-for <DURATION>", "remove entries no application used for this long (e.g. 30d); never one in use")
    .addHelpText(
      "after",
      `
'--older-than 0' also removes partial uploads of a submit that is uploading right now (it fails).

Examples:
  $ tsdask-yarn cache clean
  $ tsdask-yarn cache clean --older-than 0
  $ tsdask-yarn cache clean --unused-for 30d`,
    )
    .action(
      r.action(async (ctx, opts: { olderThan?: string; unusedFor?: string }) =>
        (await import("../cache.js")).cacheClean(ctx, opts),
      ),
    );
}
