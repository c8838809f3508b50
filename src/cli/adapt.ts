// `adapt APP_ID --minimum N --maximum N`: the AM scales a dask worker service between the limits
// from the scheduler's adaptive target itself (control API /adapt), so nothing has to stay running
// on the caller's side. A later `scale` turns it off. Used by the Python package's adapt().
import type { Command } from "commander";
import { MAX_INSTANCES } from "../control/index.js";
import { checkAppId, connect } from "../launcher/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
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
    .action(r.action((ctx, appId: string, opts: AdaptOptions) => adapt(ctx, appId, opts)));
}
