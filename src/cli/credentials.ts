// `credentials APP_ID --dir D`: the application's TLS CA, certificate and key for a dask Client
// outside the cluster, written 0600 into D, and the Python line that uses them.
import { checkAppId, credentials } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { clusterOptions } from "./session.js";

export async function credentialsCommand(ctx: CommandContext, appId: string, opts: { dir: string }): Promise<number> {
  checkAppId(appId);
  const written = await credentials(appId, opts.dir, clusterOptions(ctx));
  if (ctx.global.json) printJson(ctx.io, { appId, ...written });
  else {
    ctx.io.out(`from distributed import Client, Security\n`);
    ctx.io.out(`security = ${written.security}\n`);
    ctx.io.out(`client = Client("<scheduler address>", security=security)\n`);
  }
  return 0;
}
