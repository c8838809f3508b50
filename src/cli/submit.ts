// `submit [SCRIPT [ARGS...]]`: config layers → spec → the launcher's submit (upload, stage, submit,
// AM registration) → for a cluster without a script, wait until the scheduler and the requested
// workers run → print the application id ALONE on stdout (so APP=$(tsdask-yarn submit …) works).
// Everything after the AM registered that fails, times out or is interrupted kills the
// application and removes its staging directory: a failed submit leaves nothing behind.
import type { StatusReport } from "../control/index.js";
import {
  aggregatedTail,
  checkLocalInputs,
  proxiedPageUrl,
  startApplication,
  type StartedApplication,
} from "../launcher/index.js";
import { exitCodeForBatch, exitCodeForFinalStatus, parseDurationFlag, type BatchEnd } from "./exit.js";
import type { CommandContext } from "./io.js";
import { printJson } from "./output.js";
import { Progress } from "./progress.js";
import { streamChoice } from "./stream-choice.js";
import { loadConfig } from "./session.js";
import { specOptionsOf } from "./spec-flags.js";
import { waitForBatch } from "./batch-wait.js";
import { ciMarkers, ciMarkersOf, type CiMarkers } from "./ci-markers.js";
import type { ApplicationSpec } from "../spec/index.js";
import { submitLocalCommand } from "./submit-local.js";

const TLS_OFF_WARNING =
  "warning: TLS is off (--no-tls / tls: false): anyone who can reach the scheduler's port can run code " +
  "as you on the workers, and the control secret travels in clear text\n";

/** A wait whose state does not change still says what it waits for this often. */
const NOTE_EVERY_MS = 60_000;

export function parseTimeout(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseDurationFlag("--timeout", text);
}

/** The live line while a long-running cluster comes up. */
export function workerLine(s: StatusReport): string {
  const w = s.services.find((x) => x.name === "dask.worker");
  // A services-only application (dask: false) has no scheduler to wait for: say what it has.
  if (!w && !s.services.some((x) => x.name === "dask.scheduler"))
    return `services: ${s.services.map((x) => `${x.name} ${x.counts.RUNNING}/${x.desiredInstances} running`).join(", ")}`;
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

/** What both backends take from the command line: checked before anything starts. */
function submitPlan(
  ctx: CommandContext,
  script: string | undefined,
  args: string[],
  opts: Record<string, unknown>,
): SubmitPlan {
  const loaded = loadConfig(ctx, {
    ...specOptionsOf(opts),
    allowMissingEnvironment: false,
    ...(script !== undefined ? { script: { path: script, args } } : {}),
  });
  for (const w of loaded.warnings) ctx.io.err(`warning: ${w}\n`);
  if (!loaded.spec.tls) ctx.io.err(TLS_OFF_WARNING);
  const stream = streamChoice(opts, script, Object.keys(loaded.spec.services));
  // Missing files and corrupt archives fail here, before the cluster hears of the application.
  checkLocalInputs(loaded.spec);
  return {
    spec: loaded.spec,
    script,
    wait: Boolean(opts.wait),
    json: Boolean(ctx.global.json),
    quiet: Boolean(opts.quiet),
    timeoutMs: parseTimeout(opts.timeout as string | undefined),
    stream,
  };
}

export async function submitCommand(
  ctx: CommandContext,
  script: string | undefined,
  args: string[],
  opts: Record<string, unknown>,
): Promise<number> {
  const plan = submitPlan(ctx, script, args, opts);
  return opts.local ? submitLocalCommand(ctx, plan) : submitClusterCommand(ctx, plan);
}

async function submitClusterCommand(ctx: CommandContext, plan: SubmitPlan): Promise<number> {
  const { io } = ctx;
  const { spec, script, quiet, timeoutMs } = plan;
  const progress = new Progress(io, quiet);
  const ci = quiet ? ciMarkers({}, () => undefined) : ciMarkersOf(io);
  ci.start(`tsdask-yarn submit${script ? ` ${script}` : ""}`);
  const started = Date.now();
  const abort = new AbortController();
  const off = io.onInterrupt?.((count) => {
    if (count === 1) progress.line("interrupted: stopping, removing what was uploaded or staged…");
    else progress.line("interrupted again: letting the cleanup finish (Ctrl-C once more to leave at once)");
    abort.abort();
  });
  let line = "";
  let lineAt = Date.now();
  try {
    return await startApplication(
      spec,
      {
        env: io.env,
        onEvent: progress.event,
        signal: abort.signal,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        onNotice: (message) => io.err(`${message}\n`),
        // A long-running cluster is ready when its workers run; a script's app is ready once it runs.
        dask: script === undefined && {
          onStatus: (s) => {
            if (workerLine(s) !== line) progress.changed((line = workerLine(s)));
            else if (Date.now() - lineAt < NOTE_EVERY_MS) return;
            else progress.line(`still waiting after ${Math.round((Date.now() - started) / 1000)} s: ${line}`);
            lineAt = Date.now();
          },
        },
        diagnostics: "tsdask-yarn submit did not finish",
        onCleanup: (l) => progress.line(l),
      },
      async (ready) => {
        if (ready.local) throw new Error("submitted to YARN, started locally");
        if (script === undefined) progress.done();
        return afterReady(ctx, plan, ready, { progress, ci, signal: abort.signal, started });
      },
    );
  } finally {
    progress.done();
    ci.end();
    off?.();
  }
}

/** The dask scheduler's address and dashboard of a ready cluster, as --json reports them. */
export function daskAddresses(am: StatusReport | undefined): { schedulerAddress?: string; dashboardUrl?: string } {
  return {
    ...(am?.dask?.schedulerAddress ? { schedulerAddress: am.dask.schedulerAddress } : {}),
    ...(am?.dask?.dashboardUrl ? { dashboardUrl: am.dask.dashboardUrl } : {}),
  };
}

/** The application id alone on stdout (so APP=$(tsdask-yarn submit …) works), its addresses on stderr. */
export function announce(
  ctx: CommandContext,
  plan: SubmitPlan,
  appId: string,
  at: { schedulerAddress?: string; dashboardUrl?: string; trackingUrl?: string | undefined },
): void {
  if (plan.json) return;
  // -q silences progress, not the result: unless the script's output streams (SCRIPT --wait),
  // the id is all a submit produces.
  if (!plan.quiet || !(plan.script !== undefined && plan.wait)) ctx.io.out(`${appId}\n`);
  if (plan.quiet) return;
  if (at.schedulerAddress) ctx.io.err(`scheduler: ${at.schedulerAddress}\n`);
  if (at.dashboardUrl) ctx.io.err(`dashboard: ${at.dashboardUrl}\n`);
  if (at.trackingUrl) ctx.io.err(`tracking:  ${at.trackingUrl}\n`);
}

/** A ready application on YARN: its id (and addresses) printed; with --wait, followed to its end. */
async function afterReady(
  ctx: CommandContext,
  plan: SubmitPlan,
  { app, ready: am, clients, cluster }: Extract<StartedApplication, { local: false }>,
  o: { progress: Progress; ci: CiMarkers; signal: AbortSignal; started: number },
): Promise<number> {
  const { io } = ctx;
  const { spec, script, json, timeoutMs, stream } = plan;
  const { progress } = o;
  const result = {
    appId: app.appId,
    stagingDir: app.stagingDir,
    controlUrl: app.controlUrl,
    trackingUrl: app.trackingUrl,
    // With TLS, a Client outside the cluster needs `tsdask-yarn credentials APP --dir D` first.
    tls: app.tls,
    ...daskAddresses(am),
    // The tracking page through the RM proxy: its dask section works where the bokeh dashboard does not.
    ...(am?.dask ? { proxiedDashboardUrl: proxiedPageUrl(clients.addresses, app.appId) } : {}),
  };
  announce(ctx, plan, app.appId, result);
  if (!plan.wait) {
    if (json) printJson(io, result);
    return 0;
  }
  progress.line(`waiting for ${app.appId} to end`);
  const end = await waitForBatch(app, clients.rm, {
    user: clients.nodeAccess,
    queue: spec.queue,
    ...(stream ? { stream } : {}),
    // With --json stdout carries the JSON document alone; the script's stdout goes to stderr.
    out: json ? (t) => io.err(t) : (t) => io.out(t),
    err: (t) => io.err(t),
    deadline: timeoutMs ? o.started + timeoutMs : Infinity,
    signal: o.signal,
    progress,
    ci: o.ci,
    // What the NodeManager no longer served when the application ended: from the aggregated logs.
    tail: aggregatedTail({ ...cluster, appId: app.appId, onWait: (w) => progress.line(w) }),
  });
  return reportBatchEnd(ctx, progress, app.appId, result, end, script);
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
