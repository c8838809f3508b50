import type { Command } from "commander";
import type { Registrar } from "../program.js";

export function registerStatus(program: Command, r: Registrar): void {
  program
    .command("status")
    .argument("<APP_ID>", "application id, e.g. application_1700000000000_0001")
    .description("show an application: the RM's report, then its services and containers while it runs")
    .addHelpText(
      "after",
      `
The first two lines (header and row) are APPLICATION_ID NAME STATE STATUS CONTAINERS VCORES
MEMORY RUNTIME, as dask-yarn prints them. While the application runs, the services (desired and
per-state counts, restarts) and containers reported by its ApplicationMaster follow.

Examples:
  $ tsdask-yarn status application_1700000000000_0001
  $ tsdask-yarn --json status application_1700000000000_0001 | jq .am.dask`,
    )
    .action(r.action(async (ctx, appId: string) => (await import("../status.js")).status(ctx, appId)));
}
