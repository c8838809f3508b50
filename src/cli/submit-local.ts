// `submit --local [SCRIPT [ARGS...]]`: the same spec, run as processes on this machine — no Hadoop,
// no JVM (launcher/local/). The output and exit codes are submit's: the application id alone on
// stdout, with --wait the script's streamed output and its own exit code.
import { TsdaskError } from "../errors.js";
import { scriptExitCodeOf, scriptNeverStarted } from "../control/script-exit.js";
import {
  killLocal,
  localContainerLogs,
  localReports,
  submitLocal,
  waitForDask,
  waitForLocalEnd,
  type ApplicationReport,
  type RunningLocalApplication,
} from "../launcher/index.js";
import type { BatchEnd } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { Progress } from "./progress.js";
import type { SubmitPlan } from "./submit.js";
import { reportBatchEnd, workerLine } from "./submit.js";

const CLIENT = "dask.client";

function batchEnd(app: RunningLocalApplication, r: ApplicationReport): BatchEnd {
  const scriptExitCode = scriptExitCodeOf(r.diagnostics);
  const launched = localContainerLogs(app.dir, CLIENT).length > 0;
  return {
    state: r.state,
    finalStatus: r.finalStatus,
    diagnostics: r.diagnostics,
    ...(scriptExitCode !== undefined ? { scriptExitCode } : {}),
    scriptStarted: scriptExitCode !== undefined || (launched && !scriptNeverStarted(r.diagnostics)),
  };
}

export async function submitLocalCommand(ctx: CommandContext, plan: SubmitPlan): Promise<number> {
  const { io } = ctx;
  const { spec, script, wait, json, quiet, stream } = plan;
  const progress = new Progress(io, quiet);
  const started = Date.now();
  const deadline = (fallback: number) => started + (plan.timeoutMs ?? fallback);
  const abort = new AbortController();
  const off = io.onInterrupt?.((count) => {
    if (count === 1) progress.line("interrupted: stopping the local application…");
    abort.abort();
  });
  let app: RunningLocalApplication | undefined;
  try {
    app = await submitLocal(spec, {
      env: io.env,
      signal: abort.signal,
      onLine: (l) => progress.line(l),
      startTimeoutMs: plan.timeoutMs ?? 60_000,
    });
    const result = { appId: app.appId, controlUrl: app.controlUrl, tls: app.tls, local: true };
    let ready: { schedulerAddress?: string; dashboardUrl?: string } = {};
    if (script === undefined) {
      let line = "";
      const am = await waitForDask(app.appId, app.client, localReports(io.env), {
        timeoutMs: deadline(600_000) - Date.now(),
        signal: abort.signal,
        onStatus: (s) => {
          if (workerLine(s) !== line) progress.changed((line = workerLine(s)));
        },
      });
      progress.done();
      ready = {
        ...(am.dask?.schedulerAddress ? { schedulerAddress: am.dask.schedulerAddress } : {}),
        ...(am.dask?.dashboardUrl ? { dashboardUrl: am.dask.dashboardUrl } : {}),
      };
    }
    if (!json && !quiet) {
      io.out(`${app.appId}\n`);
      if (ready.schedulerAddress) io.err(`scheduler: ${ready.schedulerAddress}\n`);
      if (ready.dashboardUrl) io.err(`dashboard: ${ready.dashboardUrl}\n`);
    }
    if (!wait) {
      // Ready: from now on the cluster runs until shutdown or kill, whatever becomes of us.
      await app.detach();
      if (json) printJson(io, { ...result, ...ready });
      return 0;
    }
    progress.line(`waiting for ${app.appId} to end`);
    const end = await waitForLocalEnd(
      app,
      {
        ...(stream ? { stream } : {}),
        out: json ? (t) => io.err(t) : (t) => io.out(t),
        err: (t) => io.err(t),
        signal: abort.signal,
        deadline: plan.timeoutMs ? deadline(0) : Infinity,
      },
      io.env,
    );
    if (!end) {
      throw new TsdaskError(
        abort.signal.aborted ? "SUBMIT_ABORTED" : "SUBMIT_TIMEOUT",
        abort.signal.aborted ? `${app.appId} was interrupted` : `${app.appId} did not end within --timeout`,
        "The application was killed and nothing was left running.",
      );
    }
    return reportBatchEnd(ctx, progress, app.appId, result, batchEnd(app, end), script);
  } catch (err) {
    if (app) {
      progress.line(`stopping ${app.appId}`);
      await killLocal(app.appId, io.env).catch((e: unknown) =>
        progress.line(`could not stop it: ${(e as Error).message}`),
      );
    }
    if (abort.signal.aborted && !(err instanceof TsdaskError && err.code === "SUBMIT_ABORTED")) {
      throw new TsdaskError("SUBMIT_ABORTED", `submit of ${app?.appId ?? "the local application"} was interrupted`);
    }
    throw err;
  } finally {
    progress.done();
    off?.();
  }
}
