import type { Command } from "commander";
import type { Registrar } from "../program.js";
import { misplacedFlags, misplacedWarning, ownFlags } from "../script-args.js";
import { addSpecFlags } from "../spec-flags.js";
import { EXIT_CODES_HELP } from "../exit.js";

export function registerSubmit(program: Command, r: Registrar): void {
  const cmd = program
    .command("submit")
    .argument("[SCRIPT]", "Python script to run in the cluster (as the dask client); omit for a long-running cluster")
    .argument("[ARGS...]", "arguments of SCRIPT")
    .description("start a dask cluster (and run SCRIPT in it) on YARN; prints the application id")
    .option(
      "--wait",
      "block until the application ends; exit code from its final status (the script's own with SCRIPT)",
    )
    .option("--timeout <DURATION>", "give up (kill and clean up) when not ready, or with --wait not ended, in time")
    .option(
      "--stream <SERVICE>",
      "with --wait: stream this service's (or instance's) stdout/stderr (default: the script's)",
    )
    .option("--no-stream", "with --wait: do not stream the script's output")
    .option("-q, --quiet", "no progress: only the application id (without SCRIPT) or the streamed output, and errors")
    .option("--local", "run the application as processes on this machine: no Hadoop needed (try a job first)");
  addSpecFlags(cmd)
    .passThroughOptions()
    .addHelpText(
      "after",
      `
Without SCRIPT the cluster runs until 'shutdown', 'kill', or --idle-timeout; submit returns
when the scheduler and the requested workers run. With SCRIPT, the script runs in a container
with DASK_SCHEDULER_ADDRESS set (an unchanged Client() connects) and its exit code becomes the
application's final status. Options after SCRIPT are passed to the script (a warning names any
that is one of submit's own). stdout gets only the application id (or JSON with --json);
progress goes to stderr, one line per change. With --wait and SCRIPT, the script's stdout and
stderr are streamed to ours as it runs (to stderr with --json; --no-stream turns it off).
Ctrl-C stops an upload within a second, kills the half-started application and removes its
staging directory and partial uploads, then says what (if anything) it could not remove; a
second Ctrl-C gives that cleanup 20 s more, a third leaves at once.
${EXIT_CODES_HELP}

Examples:
  $ APP=$(tsdask-yarn submit --environment env.tar.gz --worker-count 4 --worker-memory "4 GiB")
  $ tsdask-yarn submit --environment hdfs:///envs/dask.tar.gz --wait job.py --input data.csv
  $ tsdask-yarn submit --spec cluster.yaml --adaptive 0:20 --idle-timeout 30m
  $ tsdask-yarn submit --worker-env OMP_NUM_THREADS=1 --worker-env FOO=bar --wait --timeout 1h job.py`,
    )
    .action(
      r.action(async (ctx, script: string | undefined, args: string[], opts) => {
        if (script !== undefined) {
          for (const flag of misplacedFlags(args, ownFlags(cmd))) ctx.io.err(`${misplacedWarning(flag, script)}\n`);
        }
        return (await import("../submit.js")).submitCommand(ctx, script, args, opts);
      }),
    );
}
