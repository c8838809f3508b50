// `credentials refresh APP_ID`: new HDFS delegation tokens for a running application.
// `credentials APP_ID --dir D`: the application's TLS CA, certificate and key for a dask Client
// outside the cluster, written 0600 into D, and the Python line that uses them.
import { DASK_KV } from "../control/index.js";
import { checkAppId, connect, credentials, refreshCredentials } from "../launcher/index.js";
import { renderTokens } from "./token-status.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

export async function credentialsCommand(ctx: CommandContext, appId: string, opts: { dir: string }): Promise<number> {
  checkAppId(appId);
  const written = await credentials(appId, opts.dir, clusterOptions(ctx));
  const scheduler = await schedulerAddress(ctx, appId);
  if (ctx.global.json) printJson(ctx.io, { appId, ...(scheduler ? { schedulerAddress: scheduler } : {}), ...written });
  else {
    ctx.io.out(`from distributed import Client, Security\n`);
    ctx.io.out(`security = ${written.security}\n`);
    if (scheduler) ctx.io.out(`client = Client(${JSON.stringify(scheduler)}, security=security)\n`);
    else {
      ctx.io.out(`# the scheduler has not published its address (yet): see 'tsdask-yarn status ${appId}'\n`);
      ctx.io.out(`client = Client("<scheduler address>", security=security)\n`);
    }
  }
  return 0;
}

/** The scheduler's address from the AM's key-value store; undefined while unpublished or unreachable. */
async function schedulerAddress(ctx: CommandContext, appId: string): Promise<string | undefined> {
  try {
    const app = await connect(appId, { ...clusterOptions(ctx), controlTimeoutMs: 10_000 });
    return await app.client.kvGet(DASK_KV.scheduler);
  } catch {
    return undefined; // the files are written; the address is a convenience
  }
}

export async function refreshCommand(ctx: CommandContext, appId: string): Promise<number> {
  const status = await refreshCredentials(appId, clusterOptions(ctx));
  if (ctx.global.json) printJson(ctx.io, { appId, credentials: status });
  else {
    ctx.io.out(
      `${appId}: new delegation tokens handed to the ApplicationMaster; containers pick them up on their next check\n`,
    );
    renderTokens(ctx, status);
  }
  return 0;
}
