// `shutdown APP_ID`: asks the AM to stop every service and finish with the given final status and
// diagnostics (the AM removes the staging directory). Unlike kill, the final status is yours.
import { FINAL_STATUSES, type FinalStatus } from "../control/index.js";
import { checkAppId, connect } from "../launcher/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

export function parseFinalStatus(text: string): FinalStatus {
  const s = text.toUpperCase() as FinalStatus;
  if (!FINAL_STATUSES.includes(s)) {
    throw new UsageError(`unknown final status '${text}'`, `Use one of ${FINAL_STATUSES.join(", ")}.`);
  }
  return s;
}

export interface ShutdownOptions {
  status: string;
  diagnostics?: string;
}

export async function shutdown(ctx: CommandContext, appId: string, opts: ShutdownOptions): Promise<number> {
  checkAppId(appId);
  const finalStatus = parseFinalStatus(opts.status);
  const app = await connect(appId, clusterOptions(ctx));
  const res = await app.client.shutdown(finalStatus, opts.diagnostics);
  if (ctx.global.json) printJson(ctx.io, { id: appId, ...res });
  else ctx.io.out(`${appId} shutting down (${res.finalStatus})\n`);
  return 0;
}
