// `adapt APP_ID --minimum N --maximum N`: the AM scales a dask worker service between the limits
// from the scheduler's adaptive target itself (control API /adapt), so nothing has to stay running
// on the caller's side. A later `scale` turns it off. Used by the Python package's adapt().
import { MAX_INSTANCES } from "../control/index.js";
import { checkAppId, connect } from "../launcher/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { parseCount } from "./scale.js";
import { clusterOptions } from "./session.js";

export interface AdaptOptions {
  minimum: string;
  maximum?: string;
  service: string;
}

/** The limits as whole numbers, minimum ≤ maximum ≤ MAX_INSTANCES, checked before any request. */
export function parseLimits(opts: AdaptOptions): { minimum: number; maximum: number } {
  const minimum = parseCount(opts.minimum);
  const maximum = opts.maximum === undefined ? MAX_INSTANCES : parseCount(opts.maximum);
  if (maximum > MAX_INSTANCES) {
    throw new UsageError(
      `--maximum ${maximum} is above the limit of ${MAX_INSTANCES}`,
      "Leave --maximum out for no limit.",
    );
  }
  if (minimum > maximum) {
    throw new UsageError(
      `--minimum ${minimum} is above --maximum ${maximum}`,
      "Example: tsdask-yarn adapt APP_ID --minimum 1 --maximum 10",
    );
  }
  return { minimum, maximum };
}

export async function adapt(ctx: CommandContext, appId: string, opts: AdaptOptions): Promise<number> {
  checkAppId(appId);
  const { minimum, maximum } = parseLimits(opts);
  const app = await connect(appId, clusterOptions(ctx));
  const res = await app.client.adapt(opts.service, minimum, maximum);
  if (ctx.global.json) printJson(ctx.io, res);
  else ctx.io.out(`${res.service}: adaptive between ${res.minimum} and ${res.maximum}\n`);
  return 0;
}
