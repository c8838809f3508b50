import type { Command } from "commander";
import type { Registrar } from "../program.js";
import { AM_SERVICE } from "../../launcher/am-service.js";
import type { LogsOptions } from "../logs-files.js";

export function registerLogs(program: Command, r: Registrar): void {
  program
    .command("logs")
    .argument("<APP_ID>", "application id")
    .option("--service <NAME>", `only this service's containers (${AM_SERVICE} = the ApplicationMaster)`)
    .option("--container <ID>", "only this container")
    .option("--file <NAME>", "only this log file, e.g. stderr")
    .option("--all-files", "also YARN's launch files: launch_container.sh, directory.info, prelaunch.*")
    .option("-f, --follow", "keep printing what the containers write until they end or Ctrl-C")
    .description("print the logs of an application's containers, running or finished")
    .addHelpText(
      "after",
      `
Running applications: the containers that are RUNNING now (the ApplicationMaster and every
service's), read from their NodeManagers' web services (/ws/v1/node/containers/<id>/logs).
Finished applications: every container's logs, read through WebHDFS from the files YARN's log
aggregation wrote (yarn.nodemanager.remote-app-log-dir, e.g. /tmp/logs/USER/bucket-logs-tfile/
NNNN/APP_ID/), in either format (TFile or indexed; gz or none), with no JVM. The services of
finished containers come from the ApplicationMaster's own log. Each file is printed after a
"==> INSTANCE CONTAINER_ID FILE <==" line. By default the services' own files (stdout, stderr,
appmaster.*); --all-files adds YARN's launch_container.sh, directory.info and prelaunch.*.

--follow polls every second and prints only what was added (stdout and stderr unless --file),
starting with what is there already. Containers that start later are followed too; with several
containers each line starts with "[INSTANCE FILE] ". It stops when the application (or the one
--container) ends, or on Ctrl-C; either way the exit code is 0. With --json: one JSON object
per line and chunk. On a finished application --follow prints the aggregated logs and ends.

Examples:
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.worker --file stderr
  $ tsdask-yarn logs application_1700000000000_0001 --service dask.scheduler --follow
  $ tsdask-yarn logs application_1700000000000_0001 --service appmaster
  $ tsdask-yarn --json logs application_1700000000000_0001 | jq -r '.[].file'`,
    )
    .action(
      r.action(async (ctx, appId: string, opts: LogsOptions) => (await import("../logs.js")).logs(ctx, appId, opts)),
    );
}
