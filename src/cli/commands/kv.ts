import type { Command } from "commander";
import type { Registrar } from "../program.js";

export function registerKv(program: Command, r: Registrar): void {
  program
    .command("kv")
    .argument("<APP_ID>", "application id")
    .argument("<KEY>", "key, e.g. dask.scheduler")
    .argument("[VALUE]", "value to write; without it the key is read")
    .option("--wait <DURATION>", 'read: wait up to this long for the key to be written, e.g. "30s"')
    .description("read or write the application's key-value store (dask-yarn's application_client.kv)")
    .addHelpText(
      "after",
      `
The ApplicationMaster keeps a key-value store for its containers; the dask roles meet through it
(dask.scheduler, dask.dashboard). A read of a key that is not there fails with exit code 2
(KV_KEY_MISSING) unless --wait is given. stdout gets the value alone (--json: {"key", "value"}).

Examples:
  $ tsdask-yarn kv application_1700000000000_0001 dask.scheduler
  $ tsdask-yarn kv application_1700000000000_0001 my.flag done
  $ tsdask-yarn kv application_1700000000000_0001 my.flag --wait 5m`,
    )
    .action(
      r.action(async (ctx, appId: string, key: string, value: string | undefined, opts: { wait?: string }) =>
        (await import("../kv.js")).kvCommand(ctx, appId, key, value, opts),
      ),
    );
}
