// `submit --local [SCRIPT [ARGS...]]`: the same spec, run as processes on this machine — no Hadoop,
// no JVM (launcher/local/). The output and exit codes are submit's: the application id alone on
// stdout, with --wait the script's streamed output and its own exit code.
import { TsdaskError } from "../errors.js";
import { scriptExitCodeOf, scriptNeverStarted } from "../control/script-exit.js";
import {
  localContainerLogs,
  startApplication,
  waitForLocalEnd,
  type ApplicationReport,
  type RunningLocalApplication,
} from "../launcher/index.js";
import type { BatchEnd } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { Progress } from "./progress.js";
import type { SubmitPlan } from "./submit.js";
import { announce, daskAddresses, reportBatchEnd, workerLine } from "./submit.js";

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
  const abort = new AbortController();
  const off = io.onInterrupt?.((count) => {
    if (count === 1) progress.line("interrupted: stopping the local application…");
    abort.abort();
  });
  let line = "";
  try {
    return await startApplication(
      spec,
      {
        local: true,
        env: io.env,
        signal: abort.signal,
        onLine: (l) => progress.line(l),
        ...(plan.timeoutMs !== undefined ? { timeoutMs: plan.timeoutMs } : {}),
        dask: script === undefined && {
          onStatus: (s) => {
            if (workerLine(s) !== line) progress.changed((line = workerLine(s)));
          },
        },
        diagnostics: "tsdask-yarn submit --local did not finish",
        onCleanup: (l) => progress.line(l),
      },
      async (ready) => {
        if (!ready.local) throw new Error("started locally, submitted to YARN");
        const { app, ready: am } = ready;
        if (script === undefined) progress.done();
        const result = { appId: app.appId, controlUrl: app.controlUrl, tls: app.tls, local: true };
        const addresses = daskAddresses(am);
        announce(ctx, plan, app.appId, addresses);
        if (!wait) {
          // Ready: from now on the cluster runs until shutdown or kill, whatever becomes of us.
          await app.detach();
          if (json) printJson(io, { ...result, ...addresses });
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
            deadline: plan.timeoutMs ? started + plan.timeoutMs : Infinity,
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
      },
    );
  } finally {
    progress.done();
    off?.();
  }
}
