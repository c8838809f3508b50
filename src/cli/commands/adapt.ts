import type { Command } from "commander";
import type { Registrar } from "../program.js";
import type { AdaptOptions } from "../adapt.js";

export function registerAdapt(program: Command, r: Registrar): void {
  program
    .command("adapt")
    .argument("<APP_ID>", "application id")
    .option("--minimum <N>", "fewest workers", "0")
    .option("--maximum <N>", "most workers (default: no limit but the cluster's)")
    .option("--service <NAME>", "dask worker service to scale", "dask.worker")
    .description("let the ApplicationMaster scale the dask workers from the scheduler's load")
    .addHelpText(
      "after",
      `
The AM polls the dask scheduler's adaptive target and keeps the number of workers between the
limits; it keeps doing so with no client process running. A later 'scale' turns it off.

Examples:
  $ tsdask-yarn adapt application_1700000000000_0001 --minimum 1 --maximum 20
  $ tsdask-yarn adapt application_1700000000000_0001 --maximum 4`,
    )
    .action(
      r.action(async (ctx, appId: string, opts: AdaptOptions) => (await import("../adapt.js")).adapt(ctx, appId, opts)),
    );
}
