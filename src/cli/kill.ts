// `kill APP_ID`: through the ResourceManager, so it works when the AM is hung or gone; the
// launcher waits for KILLED and removes the staging directory. Prefer `shutdown` for a clean end.
import type { Command } from "commander";
import { checkAppId, kill as killApp } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
import { clusterOptions } from "./session.js";

export async function kill(ctx: CommandContext, appId: string): Promise<number> {
  checkAppId(appId);
  const report = await killApp(appId, clusterOptions(ctx));
  if (ctx.global.json) printJson(ctx.io, { id: report.id, state: report.state, finalStatus: report.finalStatus });
  else ctx.io.out(`${report.id} ${report.state}\n`);
  return 0;
}

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
    .action(r.action((ctx, appId: string) => kill(ctx, appId)));
}
