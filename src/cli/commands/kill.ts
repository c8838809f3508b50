import type { Command } from "commander";
import type { Registrar } from "../program.js";

export function registerKill(program: Command, r: Registrar): void {
  program
    .command("kill")
    .argument("<APP_ID>", "application id")
    .description("kill an application through the ResourceManager and remove its staging directory")
    .addHelpText(
      "after",
      `
Works whatever state the AM is in. An application that already ended is only cleaned up.
For a graceful end with a final status of your choice, use 'shutdown'.

Examples:
  $ tsdask-yarn kill application_1700000000000_0001`,
    )
    .action(r.action(async (ctx, appId: string) => (await import("../kill.js")).kill(ctx, appId)));
}
