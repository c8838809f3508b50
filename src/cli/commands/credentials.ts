import type { Command } from "commander";
import { UsageError } from "../exit.js";
import type { Registrar } from "../program.js";

export function registerCredentials(program: Command, r: Registrar): void {
  const credentials = program
    .command("credentials")
    .argument("<APP_ID>", "application id")
    .option("--dir <DIR>", "directory to write ca.pem, cert.pem and key.pem into (created 0700); required")
    .description("write the TLS credentials a local dask Client needs; 'credentials refresh' renews HDFS tokens")
    .addHelpText(
      "after",
      `
The scheduler of an application with TLS (the default) accepts only tls:// clients that present
the application's certificate. The files come from its staging directory, readable by its owner
only; they are written with mode 0600. stdout gets the Python lines to use them (--json: paths
and the Security(...) expression as "security").

'credentials refresh APP_ID' (Kerberized clusters) obtains new HDFS delegation tokens with your
ticket or --keytab and hands them to the running application (see its own --help).

Examples:
  $ tsdask-yarn credentials application_1700000000000_0001 --dir ~/.tsdask/app1
  $ tsdask-yarn credentials application_1700000000000_0001 --dir ./creds --json
  $ tsdask-yarn credentials refresh application_1700000000000_0001`,
    )
    .action(
      r.action(async (ctx, appId: string, opts: { dir?: string }) => {
        if (!opts.dir) throw new UsageError("required option '--dir <DIR>' not specified");
        return (await import("../credentials.js")).credentialsCommand(ctx, appId, { dir: opts.dir });
      }),
    );
  credentials
    .command("refresh")
    .argument("<APP_ID>", "application id")
    .description("obtain new HDFS delegation tokens and hand them to a running application")
    .addHelpText(
      "after",
      `
An HDFS delegation token ends at its maximum lifetime (7 days by default) and, for tokens not
given at submit, one renew interval (1 day by default) after it was obtained. This obtains new
ones for every NameNode the application was given, from your Kerberos ticket (kinit) or
--keytab, and sends them to the ApplicationMaster over its control API (owner only). The AM uses
them for its own HDFS calls, journals them (an AM restart keeps them), starts new containers
with them and every running container's wrapper rewrites its HADOOP_TOKEN_FILE_LOCATION file, so
HDFS clients pick them up on their next connection. Run it from cron more often than the renew
interval, or submit with --keytab-in-am instead. stdout: the tokens in use (--json: the AM's
credentials status).

Examples:
  $ tsdask-yarn credentials refresh application_1700000000000_0001
  $ tsdask-yarn credentials refresh application_1700000000000_0001 --keytab ~/me.keytab --json`,
    )
    .action(r.action(async (ctx, appId: string) => (await import("../credentials.js")).refreshCommand(ctx, appId)));
}
