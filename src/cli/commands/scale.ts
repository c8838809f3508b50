import type { Command } from "commander";
import type { Registrar } from "../program.js";

export function registerScale(program: Command, r: Registrar): void {
  program
    .command("scale")
    .argument("<APP_ID>", "application id")
    .argument("<N>", "desired number of instances")
    .option("--service <NAME>", "service to scale", "dask.worker")
    .description("set the number of instances of a service (default: dask workers)")
    .addHelpText(
      "after",
      `
Scaling down retires dask workers through the scheduler first (their data moves to the workers
that stay), then releases their containers; pending requests are cancelled first.
Returns once the AM accepted the new count; 'status' shows the containers converging.

Examples:
  $ tsdask-yarn scale application_1700000000000_0001 8
  $ tsdask-yarn scale application_1700000000000_0001 0
  $ tsdask-yarn scale application_1700000000000_0001 3 --service web`,
    )
    .action(
      r.action(async (ctx, appId: string, n: string, opts: { service: string }) =>
        (await import("../scale.js")).scale(ctx, appId, n, opts.service),
      ),
    );
}
