// `credentials APP_ID --dir D`: the application's TLS CA, certificate and key for a dask Client
// outside the cluster, written 0600 into D, and the Python line that uses them.
import type { Command } from "commander";
import { checkAppId, credentials } from "../launcher/index.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
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

export function registerCredentials(program: Command, r: Registrar): void {
  program
    .command("credentials")
    .argument("<APP_ID>", "application id")
    .requiredOption("--dir <DIR>", "directory to write ca.pem, cert.pem and key.pem into (created 0700)")
    .description("write the TLS credentials a local dask Client needs to connect to the application")
    .addHelpText(
      "after",
      `
The scheduler of an application with TLS (the default) accepts only tls:// clients that present
the application's certificate. The files come from its staging directory, readable by its owner
only; they are written with mode 0600. stdout gets the Python lines to use them (--json: paths
and the Security(...) expression as "security").

Examples:
  $ tsdask-yarn credentials application_1700000000000_0001 --dir ~/.tsdask/app1
  $ tsdask-yarn credentials application_1700000000000_0001 --dir ./creds --json`,
    )
    .action(r.action((ctx, appId: string, opts: { dir: string }) => credentialsCommand(ctx, appId, opts)));
}
