import type { Command } from "commander";
import type { Registrar } from "../program.js";

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
    .action(
      r.action(async (ctx, appId: string, opts: { dir: string }) =>
        (await import("../credentials.js")).credentialsCommand(ctx, appId, opts),
      ),
    );
}
