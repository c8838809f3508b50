// `submit [SCRIPT [ARGS...]]`: config layers → spec → the launcher's submit (upload, stage, submit,
// AM registration) → for a cluster without a script, wait until the scheduler and the requested
// workers run → print the application id ALONE on stdout (so APP=$(tsdask-yarn submit …) works).
// Everything after the AM registered that fails, times out or is interrupted kills the
// application and removes its staging directory: a failed submit leaves nothing behind.
import type { StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import {
  aggregatedTail,
  checkLocalInputs,
  kill,
  submit,
  waitForDask,
  type RunningApplication,
} from "../launcher/index.js";
import { exitCodeForBatch, exitCodeForFinalStatus, parseDurationFlag, type BatchEnd } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { Progress } from "./progress.js";
import { streamChoice } from "./stream-choice.js";
import { clusterOptions, clusterSession, hadoopOf, loadConfig, userOf } from "./session.js";
import { specOptionsOf } from "./spec-flags.js";
import { waitForBatch } from "./batch-wait.js";
import { ciMarkers, ciMarkersOf } from "./ci-markers.js";
import type { ApplicationSpec } from "../spec/index.js";
import { submitLocalCommand } from "./submit-local.js";

const TLS_OFF_WARNING =
  "warning: TLS is off (--no-tls / tls: false): anyone who can reach the scheduler's port can run code " +
  "as you on the workers, and the control secret travels in clear text\n";

/** A wait whose state does not change still says what it waits for this often. */
const NOTE_EVERY_MS = 60_000;

/** Without --timeout: how long the AM may take to register, and the workers to start. */
const DEFAULT_REGISTRATION_MS = 120_000;
const DEFAULT_READY_MS = 600_000;

export function parseTimeout(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseDurationFlag("--timeout", text);
}

/** The live line while a long-running cluster comes up. */
export function workerLine(s: StatusReport): string {
  const w = s.services.find((x) => x.name === "dask.worker");
  const sched = s.dask?.schedulerAddress ? "scheduler up" : "waiting for the scheduler";
  const registered = s.dask?.workers ?? 0;
  return w
    ? `${sched}; workers ${w.counts.RUNNING}/${w.desiredInstances} running, ${registered} registered with the scheduler`
    : sched;
}

/** What both backends take from the flags: the checked spec and how to wait and stream. */
export interface SubmitPlan {
  readonly spec: ApplicationSpec;
  readonly script: string | undefined;
  readonly wait: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly timeoutMs: number | undefined;
  readonly stream: string | undefined;
}

export async function submitCommand(
  ctx: CommandContext,
  script: string | undefined,
  args: string[],
  opts: Record<string, unknown>,
): Promise<number> {
  if (opts.local) {
    const loaded = loadConfig(ctx, {
      ...specOptionsOf(opts),
      allowMissingEnvironment: false,
      ...(script !== undefined ? { script: { path: script, args } } : {}),
    });
    for (const w of loaded.warnings) ctx.io.err(`warning: ${w}\n`);
    if (!loaded.spec.tls) ctx.io.err(TLS_OFF_WARNING);
    const spec = loaded.spec;
    const stream = streamChoice(opts, script, Object.keys(spec.services));
    checkLocalInputs(spec);
    const plan = {
      spec,
      script,
      wait: Boolean(opts.wait),
      json: Boolean(ctx.global.json),
      quiet: Boolean(opts.quiet),
      timeoutMs: parseTimeout(opts.timeout as string | undefined),
      stream,
    };
    return submitLocalCommand(ctx, plan);
  }
  const { io } = ctx;
  const json = Boolean(ctx.global.json);
  const quiet = Boolean(opts.quiet);
  const progress = new Progress(io, quiet);
  const ci = quiet ? ciMarkers({}, () => undefined) : ciMarkersOf(io);
  const timeoutMs = parseTimeout(opts.timeout as string | undefined);
  const loaded = loadConfig(ctx, {
    ...specOptionsOf(opts),
    allowMissingEnvironment: false,
    ...(script !== undefined ? { script: { path: script, args } } : {}),
  });
  for (const w of loaded.warnings) io.err(`warning: ${w}\n`);
  if (!loaded.spec.tls) io.err(TLS_OFF_WARNING);
  const g = ctx.global;
  const spec = {
    ...loaded.spec,
    hadoop: hadoopOf(ctx, loaded),
    ...(g.principal ? { principal: g.principal } : {}),
    ...(g.keytab ? { keytab: g.keytab } : {}),
    ...(g.caFile ? { caFile: g.caFile } : {}),
  };
  const stream = streamChoice(opts, script, Object.keys(spec.services));
  // Missing files and corrupt archives fail here, before the cluster hears of the application.
  checkLocalInputs(spec);
  ci.start(`tsdask-yarn submit${script ? ` ${script}` : ""}`);
  const started = Date.now();
  const deadline = (fallback: number) => started + (timeoutMs ?? fallback);

  const abort = new AbortController();
  const off = io.onInterrupt?.((count) => {
    if (count === 1) progress.line("interrupted: stopping, removing what was uploaded or staged…");
    else progress.line("interrupted again: letting the cleanup finish (Ctrl-C once more to leave at once)");
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
    // The same user, addresses and security as the submit: with ACLs on, the RM shows a report's
    // AM fields (AM container, its logs and address, log aggregation) only to those who may view it.
    const { rm, nodeAccess } = clusterSession(ctx, loaded);
    let am: StatusReport | undefined;
    // A long-running cluster is ready when its workers run; a script's app is ready once it runs.
    if (script === undefined) {
      let line = "";
      let lineAt = Date.now();
      am = await waitForDask(app.appId, app.client, rm, {
        timeoutMs: deadline(DEFAULT_READY_MS) - Date.now(),
        signal: abort.signal,
        onStatus: (s) => {
          if (workerLine(s) !== line) progress.changed((line = workerLine(s)));
          else if (Date.now() - lineAt < NOTE_EVERY_MS) return;
          else progress.line(`still waiting after ${Math.round((Date.now() - started) / 1000)} s: ${line}`);
          lineAt = Date.now();
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
    // -q silences progress, not the result: unless the script's output streams (SCRIPT --wait),
    // the id is all a submit produces.
    if (!json && (!quiet || !(script && opts.wait))) io.out(`${app.appId}\n`);
    if (!json && !quiet) {
      if (result.schedulerAddress) io.err(`scheduler: ${result.schedulerAddress}\n`);
      if (result.dashboardUrl) io.err(`dashboard: ${result.dashboardUrl}\n`);
      if (result.trackingUrl) io.err(`tracking:  ${result.trackingUrl}\n`);
    }
    if (!opts.wait) {
      if (json) printJson(io, result);
      return 0;
    }
    progress.line(`waiting for ${app.appId} to end`);
    const end = await waitForBatch(app, rm, {
      user: nodeAccess,
      queue: spec.queue,
      ...(stream ? { stream } : {}),
      // With --json stdout carries the JSON document alone; the script's stdout goes to stderr.
      out: json ? (t) => io.err(t) : (t) => io.out(t),
      err: (t) => io.err(t),
      deadline: timeoutMs ? deadline(0) : Infinity,
      signal: abort.signal,
      progress,
      ci,
      // What the NodeManager no longer served when the application ended: from the aggregated logs.
      tail: aggregatedTail({ ...clusterOptions(ctx, loaded), appId: app.appId, onWait: (w) => progress.line(w) }),
    });
    return reportBatchEnd(ctx, progress, app.appId, result, end, script);
  } catch (err) {
    // Before registration the launcher has cleaned up already; after it, this does.
    let left: string | undefined;
    if (app) {
      progress.line(`stopping ${app.appId}`);
      const id = app.appId;
      await kill(id, { ...clusterOptions(ctx, loaded), diagnostics: "tsdask-yarn submit did not finish" }).then(
        () => progress.line(`cleaned up ${id}: nothing was left behind`),
        (e: unknown) => {
          left = `application ${id} and its staging directory may be left (${(e as Error).message}); remove them with 'tsdask-yarn kill ${id}'`;
          progress.line(`left behind: ${left}`);
        },
      );
    }
    if (abort.signal.aborted && !(err instanceof TsdaskError && err.code === "SUBMIT_ABORTED")) {
      throw new TsdaskError(
        "SUBMIT_ABORTED",
        `submit of ${app?.appId ?? "the application"} was interrupted`,
        left ? `Left behind: ${left}.` : "The application was killed and nothing was left behind.",
      );
    }
    throw err;
  } finally {
    progress.done();
    ci.end();
    off?.();
  }
}

/**
 * How `submit --wait` ends, on a cluster or locally: the JSON document (--json) with the final
 * state and the script's code, the last progress lines, and the exit code.
 */
export function reportBatchEnd(
  ctx: CommandContext,
  progress: Progress,
  appId: string,
  result: object,
  end: BatchEnd,
  script: string | undefined,
): number {
  const code = script !== undefined ? exitCodeForBatch(end) : exitCodeForFinalStatus(end.finalStatus);
  if (ctx.global.json) {
    printJson(ctx.io, {
      ...result,
      state: end.state,
      finalStatus: end.finalStatus,
      diagnostics: end.diagnostics,
      ...(script !== undefined ? { scriptStarted: end.scriptStarted, scriptExitCode: end.scriptExitCode ?? null } : {}),
      exitCode: code,
    });
  }
  progress.line(`${appId} ${end.state} (${end.finalStatus})`);
  if (end.diagnostics && code !== 0) progress.line(`diagnostics: ${end.diagnostics}`);
  return code;
}
