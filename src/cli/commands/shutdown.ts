import type { Command } from "commander";
import type { Registrar } from "../program.js";
import { FINAL_STATUSES } from "../../control/types.js";
import type { ShutdownOptions } from "../shutdown.js";

export function registerShutdown(program: Command, r: Registrar): void {
  program
    .command("shutdown")
    .argument("<APP_ID>", "application id")
    .option("--status <STATUS>", `final status: ${FINAL_STATUSES.join(", ")}`, "SUCCEEDED")
    .option("--diagnostics <TEXT>", "message recorded with the final status")
    .description("stop an application gracefully with a final status of your choice")
    .addHelpText(
      "after",
      `
The AM stops its containers, finishes with the status and diagnostics given, and removes the
staging directory. The command returns when the AM accepted the request.

Examples:
  $ tsdask-yarn shutdown application_1700000000000_0001
  $ tsdask-yarn shutdown application_1700000000000_0001 --status FAILED --diagnostics "bad input"`,
    )
    .action(
      r.action(async (ctx, appId: string, opts: ShutdownOptions) =>
        (await import("../shutdown.js")).shutdown(ctx, appId, opts),
      ),
    );
}
