// `kill APP_ID`: through the ResourceManager, so it works when the AM is hung or gone; the
// launcher waits for KILLED and removes the staging directory. Prefer `shutdown` for a clean end.
import { checkAppId, kill as killApp } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

export async function kill(ctx: CommandContext, appId: string): Promise<number> {
  checkAppId(appId);
  const report = await killApp(appId, clusterOptions(ctx));
  if (ctx.global.json) printJson(ctx.io, { id: report.id, state: report.state, finalStatus: report.finalStatus });
  else ctx.io.out(`${report.id} ${report.state}\n`);
  return 0;
}
