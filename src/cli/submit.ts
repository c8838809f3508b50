// `submit [SCRIPT [ARGS...]]`: config layers → spec → the launcher's submit (upload, stage, submit,
// AM registration) → for a cluster without a script, wait until the scheduler and the requested
// workers run → print the application id ALONE on stdout (so APP=$(tsdask-yarn submit …) works).
// Everything after the AM registered that fails, times out or is interrupted kills the
// application and removes its staging directory: a failed submit leaves nothing behind.
import type { Command } from "commander";
import type { StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import { checkLocalInputs, kill, submit, waitForDask, type RunningApplication } from "../launcher/index.js";
import { parseDurationSeconds } from "../spec/index.js";
import { UsageError } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import type { Registrar } from "./program.js";
import { Progress } from "./progress.js";
import { clusterOptions, hadoopOf, loadConfig, rmClient, userOf } from "./session.js";
import { addSpecFlags, specOptionsOf } from "./spec-flags.js";
import { waitForEnd } from "./wait-end.js";

/** Without --timeout: how long the AM may take to register, and the workers to start. */
const DEFAULT_REGISTRATION_MS = 120_000;
const DEFAULT_READY_MS = 600_000;

export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let s: number;
  try {
    s = parseDurationSeconds(text);
  } catch {
    s = NaN;
  }
  if (!(s > 0)) throw new UsageError(`--timeout: '${text}' is not a duration`, 'Examples: "90s", "10m", "1h", 600.');
  return s * 1000;
}

/** The live line while a long-running cluster comes up. */
export function workerLine(s: StatusReport): string {
  const w = s.services.find((x) => x.name === "dask.worker");
  const sched = s.dask?.schedulerAddress ? "scheduler up" : "waiting for the scheduler";
  return w ? `${sched}; workers ${w.counts.RUNNING}/${w.desiredInstances} running` : sched;
}

export async function submitCommand(
  ctx: CommandContext,
  script: string | undefined,
  args: string[],
  opts: Record<string, unknown>,
): Promise<number> {
  const { io } = ctx;
  const json = Boolean(ctx.global.json);
  const progress = new Progress(io);
  const timeoutMs = parseTimeout(opts.timeout as string | undefined);
  const loaded = loadConfig(ctx, {
    ...specOptionsOf(opts),
    allowMissingEnvironment: false,
    ...(script !== undefined ? { script: { path: script, args } } : {}),
  });
  for (const w of loaded.warnings) io.err(`warning: ${w}\n`);
  if (!loaded.spec.tls) {
    io.err(
      "warning: TLS is off (--no-tls / tls: false): anyone who can reach the scheduler's port can run code " +
        "as you on the workers, and the control secret travels in clear text\n",
    );
  }
  const spec = { ...loaded.spec, hadoop: hadoopOf(ctx, loaded) };
  // Missing files and corrupt archives fail here, before the cluster hears of the application.
  checkLocalInputs(spec);
  const started = Date.now();
  const deadline = (fallback: number) => started + (timeoutMs ?? fallback);

  const abort = new AbortController();
  const off = io.onInterrupt?.(() => {
    progress.line("interrupted: stopping the application and removing its staging directory…");
    abort.abort();
  });
  let app: RunningApplication | undefined;
  try {
    app = await submit(spec, {
      env: io.env,
      user: userOf(ctx),
      onEvent: progress.event,
      signal: abort.signal,
      registrationTimeoutMs: timeoutMs ?? DEFAULT_REGISTRATION_MS,
    });
    const rm = rmClient(ctx);
    let am: StatusReport | undefined;
    // A long-running cluster is ready when its workers run; a script's app is ready once it runs.
    if (script === undefined) {
      let line = "";
      am = await waitForDask(app.appId, app.client, rm, {
        timeoutMs: deadline(DEFAULT_READY_MS) - Date.now(),
        signal: abort.signal,
        onStatus: (s) => {
          if (workerLine(s) !== line) progress.live((line = workerLine(s)));
        },
      });
      progress.done();
    }
    const result = {
      appId: app.appId,
      stagingDir: app.stagingDir,
      controlUrl: app.controlUrl,
      trackingUrl: app.trackingUrl,
      // With TLS, a Client outside the cluster needs `tsdask-yarn credentials APP --dir D` first.
      tls: app.tls,
      ...(am?.dask?.schedulerAddress ? { schedulerAddress: am.dask.schedulerAddress } : {}),
      ...(am?.dask?.dashboardUrl ? { dashboardUrl: am.dask.dashboardUrl } : {}),
    };
    if (!json) {
      io.out(`${app.appId}\n`);
      if (result.schedulerAddress) io.err(`scheduler: ${result.schedulerAddress}\n`);
      if (result.dashboardUrl) io.err(`dashboard: ${result.dashboardUrl}\n`);
      if (result.trackingUrl) io.err(`tracking:  ${result.trackingUrl}\n`);
    }
    if (!opts.wait) {
      if (json) printJson(io, result);
      return 0;
    }
    progress.line(`waiting for ${app.appId} to end`);
    const end = await waitForEnd(rm, app.appId, { deadline: timeoutMs ? deadline(0) : Infinity, signal: abort.signal });
    const code = end.exitCode;
    if (json) printJson(io, { ...result, state: end.report.state, finalStatus: end.report.finalStatus });
    io.err(`${app.appId} ${end.report.state} (${end.report.finalStatus})\n`);
    if (end.report.diagnostics.trim() && code !== 0) io.err(`diagnostics: ${end.report.diagnostics.trim()}\n`);
    return code;
  } catch (err) {
    // Before registration the launcher has cleaned up already; after it, this does.
    if (app) {
      progress.line(`stopping ${app.appId}`);
      await kill(app.appId, { ...clusterOptions(ctx, loaded), diagnostics: "tsdask-yarn submit did not finish" }).catch(
        () => undefined,
      );
    }
    if (abort.signal.aborted && !(err instanceof TsdaskError && err.code === "SUBMIT_ABORTED")) {
      throw new TsdaskError("SUBMIT_ABORTED", "submit was interrupted", "The application was killed and cleaned up.");
    }
    throw err;
  } finally {
    progress.done();
    off?.();
  }
}

export function registerSubmit(program: Command, r: Registrar): void {
  const cmd = program
    .command("submit")
    .argument("[SCRIPT]", "Python script to run in the cluster (as the dask client); omit for a long-running cluster")
    .argument("[ARGS...]", "arguments of SCRIPT")
    .description("start a dask cluster (and run SCRIPT in it) on YARN; prints the application id")
    .option("--wait", "block until the application ends; exit code from its final status")
    .option("--timeout <DURATION>", "give up (kill and clean up) when not ready, or with --wait not ended, in time");
  addSpecFlags(cmd)
    .passThroughOptions()
    .addHelpText(
      "after",
      `
Without SCRIPT the cluster runs until 'shutdown', 'kill', or --idle-timeout; submit returns
when the scheduler and the requested workers run. With SCRIPT, the script runs in a container
with DASK_SCHEDULER_ADDRESS set (an unchanged Client() connects) and its exit code becomes the
application's final status. Options after SCRIPT are passed to the script.
stdout gets only the application id (or JSON with --json); progress goes to stderr.
Ctrl-C kills the half-started application and removes its staging directory.
Exit codes: 0 ok; 1 failed; 2 bad configuration; with --wait 0 SUCCEEDED, 1 FAILED, 3 KILLED.

Examples:
  $ APP=$(tsdask-yarn submit --environment env.tar.gz --worker-count 4 --worker-memory "4 GiB")
  $ tsdask-yarn submit --environment hdfs:///envs/dask.tar.gz --wait job.py --input data.csv
  $ tsdask-yarn submit --spec cluster.yaml --adaptive 0:20 --idle-timeout 30m
  $ tsdask-yarn submit --worker-env OMP_NUM_THREADS=1 --worker-env FOO=bar --wait --timeout 1h job.py`,
    )
    .action(
      r.action((ctx, script: string | undefined, args: string[], opts) => submitCommand(ctx, script, args, opts)),
    );
}
