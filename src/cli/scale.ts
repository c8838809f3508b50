// `scale APP_ID N`: sets a service's desired instances through the AM's control API. The AM
// retires dask workers gracefully (scheduler retire_workers) before releasing their containers.
import { checkAppId, scaleService } from "../launcher/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

/** A whole, non-negative count; "3.5", "-1", "" and "3x" are usage errors, not NaN requests. */
export function parseCount(text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError(
      `instance count must be a whole number ≥ 0, got '${text}'`,
      "Example: tsdask-yarn scale APP_ID 4",
    );
  }
  return Number(text.trim());
}

export async function scale(ctx: CommandContext, appId: string, count: string, service: string): Promise<number> {
  checkAppId(appId);
  const n = parseCount(count);
  // An AM restart (about a second to a minute) is waited out; a lost answer is checked with the AM.
  const res = await scaleService(appId, service, n, clusterOptions(ctx));
  if (ctx.global.json) printJson(ctx.io, res);
  else if (res.previous === undefined)
    ctx.io.out(`${res.service}: ${res.desired} (confirmed by the ApplicationMaster)\n`);
  else ctx.io.out(`${res.service}: ${res.previous} -> ${res.desired}\n`);
  return 0;
}
