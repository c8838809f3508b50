// The three dask roles. Each resolves with the exit code the wrapper should exit with: the Python
// child's own, so YARN (and the AM) see exactly how dask or the user's script ended.
import { existsSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CLIENT_STARTED_KEY,
  type ControlClient,
  DASK_KV,
  DASK_OPTIONS_ENV,
  type SchedulerSettings,
  type WorkerSettings,
} from "../control/index.js";
import { API_GUARD_DIR, API_GUARD_MODULE, API_GUARD_SOURCE, SUMMARY_MODULE, SUMMARY_SOURCE } from "./api-guard.js";
import { type ChildOutput, type RunningChild, startChild } from "./child.js";
import type { ContainerContext } from "./context.js";
import {
  DASK_ENV,
  daskTlsEnv,
  dashboardUrl,
  parseSchedulerFile,
  schedulerArgs,
  schedulerEnv,
  schedulerRunner,
  hasRanges,
  workerArgs,
  workerRunner,
  workerStartEnv,
} from "./dask-args.js";
import { DASK_RUNNER_MODULE, DASK_RUNNER_SOURCE, runnerArgs, WORKER_RESTART_EXIT } from "./dask-runner.js";
import { ServiceError } from "./errors.js";
import { publishKey, waitForKey } from "./rendezvous.js";

export interface RoleRun {
  readonly ctx: ContainerContext;
  readonly control: ControlClient;
  /** The wrapper's own environment (the container's), passed on to the child. */
  readonly env: NodeJS.ProcessEnv;
  /** Arguments after the role name. */
  readonly args: readonly string[];
  readonly log: (line: string) => void;
  /** Hands the child to the wrapper's signal routing. */
  readonly adopt: (child: RunningChild) => void;
  /** The rolled logs the child writes to; absent: the container's stdout/stderr directly. */
  readonly output?: ChildOutput;
  /** How long the scheduler may take to write its address. Default 5 minutes. */
  readonly schedulerStartTimeoutMs?: number;
}

/** Where the scheduler writes its bound addresses (container working directory). */
export const SCHEDULER_FILE = ".tsdask-scheduler.json";

const outputOf = (run: RoleRun) => (run.output ? { output: run.output } : {});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls the scheduler file until it names an address, the child exits, or time runs out. */
async function awaitSchedulerInfo(file: string, child: RunningChild, timeoutMs: number) {
  let exitCode: number | undefined;
  void child.exited.then((c) => (exitCode = c));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(file)) {
      const info = parseSchedulerFile(readFileSync(file, "utf8"));
      if (info) return info;
    }
    if (exitCode !== undefined) {
      throw new ServiceError(
        "SERVICE_SCHEDULER_START",
        `the dask scheduler exited with code ${exitCode} before it reported its address`,
        "Its log is above in this container's stderr; check that the environment has a working 'distributed'.",
      );
    }
    if (Date.now() > deadline) {
      throw new ServiceError(
        "SERVICE_SCHEDULER_START",
        `the dask scheduler did not report its address in ${timeoutMs} ms`,
      );
    }
    await sleep(100);
  }
}

/** The role's settings from the spec (DASK_OPTIONS_ENV); {} when the spec set none. */
export function roleSettings<T extends object>(env: NodeJS.ProcessEnv): Partial<T> {
  const encoded = env[DASK_OPTIONS_ENV];
  if (!encoded) return {};
  const text = Buffer.from(encoded, "base64").toString("utf8");
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v;
  } catch {
    // reported below
  }
  throw new ServiceError("SERVICE_ENV_INVALID", `${DASK_OPTIONS_ENV} is not a JSON object: ${text.slice(0, 200)}`);
}

/** Our Python modules (API guard, runner), in a directory of their own put on PYTHONPATH. */
function writeModules(cwd: string): string {
  const dir = path.join(cwd, API_GUARD_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${API_GUARD_MODULE}.py`), API_GUARD_SOURCE);
  writeFileSync(path.join(dir, `${SUMMARY_MODULE}.py`), SUMMARY_SOURCE);
  writeFileSync(path.join(dir, `${DASK_RUNNER_MODULE}.py`), DASK_RUNNER_SOURCE);
  return dir;
}

const hasKeys = (o: object | undefined): o is Record<string, unknown> => o !== undefined && Object.keys(o).length > 0;

export async function runScheduler(run: RoleRun): Promise<number> {
  const { ctx, env, log } = run;
  // The keyed HTTP API module (see api-guard.ts), importable only by this scheduler.
  const guardDir = writeModules(ctx.cwd);
  const file = path.join(ctx.cwd, SCHEDULER_FILE);
  rmSync(file, { force: true });

  // NM_HOST is set by YARN in every container: the name other nodes know this host by. dask's own
  // guess (the interface of the default route) is 127.0.0.1 on hosts without a default route.
  const settings = roleSettings<SchedulerSettings>(env);
  const opts = {
    host: settings.host ?? (env.NM_HOST || undefined),
    schedulerFile: file,
    tls: ctx.tls !== undefined,
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.dashboardAddress ? { dashboardAddress: settings.dashboardAddress } : {}),
    ...(settings.portRange ? { portRange: settings.portRange } : {}),
    ...(settings.dashboardRange ? { dashboardRange: settings.dashboardRange } : {}),
  };
  const runner = hasKeys(settings.options) || hasRanges(opts);
  const args = runner ? runnerArgs(schedulerRunner(opts, settings.options ?? {})) : schedulerArgs(opts);
  const childEnv = { ...env, ...schedulerEnv(ctx.secret, guardDir, env.PYTHONPATH), ...tlsEnv(ctx) };
  const child = await startChild(ctx.python, args, {
    cwd: ctx.cwd,
    env: childEnv,
    what: "dask scheduler",
    ...outputOf(run),
  });
  run.adopt(child);
  try {
    const info = await awaitSchedulerInfo(file, child, run.schedulerStartTimeoutMs ?? 5 * 60_000);
    // Dashboard first: whoever sees dask.scheduler may rely on dask.dashboard being there too.
    if (info.dashboardPort !== undefined) {
      await publishKey(run.control, DASK_KV.dashboard, dashboardUrl(info.address, info.dashboardPort), log);
    }
    await publishKey(run.control, DASK_KV.scheduler, info.address, log);
    log(`tsdask-yarn service: published dask scheduler ${info.address}`);
  } catch (err) {
    // A scheduler nobody can find is useless: stop it, and fail with the reason.
    child.signal("SIGTERM");
    const killer = setTimeout(() => child.signal("SIGKILL"), 10_000);
    await child.exited;
    clearTimeout(killer);
    throw err;
  }
  return child.exited;
}

/** The dask TLS settings when the application uses TLS; nothing otherwise. */
function tlsEnv(ctx: ContainerContext): Record<string, string> {
  return ctx.tls ? daskTlsEnv(ctx.tls) : {};
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new ServiceError(
      "SERVICE_ENV_MISSING",
      `${name} is not set; a dask worker needs it`,
      "The ApplicationMaster sets it for every service container; report this as a bug.",
    );
  }
  return value;
}

export async function runWorker(run: RoleRun): Promise<number> {
  const { ctx } = run;
  const name = required(ctx.instance, "TSDASK_INSTANCE");
  const nthreads = required(ctx.vcores, "TSDASK_VCORES");
  const memoryMiB = required(ctx.memoryMiB, "TSDASK_MEMORY_MIB");
  const scheduler = await waitForKey(run.control, DASK_KV.scheduler, run.log);
  const settings = roleSettings<WorkerSettings>(run.env);
  const o = {
    scheduler,
    name,
    nthreads,
    memoryMiB,
    localDirectory: ctx.cwd,
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.nannyPort ? { nannyPort: settings.nannyPort } : {}),
  };
  const custom = settings.workerClass !== undefined || hasKeys(settings.options);
  const args = custom ? runnerArgs(workerRunner(o, settings.workerClass, settings.options ?? {})) : workerArgs(o);
  const env = { ...workerStartEnv(run.env), ...run.env, ...tlsEnv(ctx) };
  if (custom) {
    const dir = writeModules(ctx.cwd);
    env.PYTHONPATH = run.env.PYTHONPATH ? `${dir}:${run.env.PYTHONPATH}` : dir;
  }
  // A worker without a nanny that client.restart() removed asks for a fresh process by its exit
  // code (dask_runner.py): a new interpreter in this container, as a nanny would start, is the
  // quickest restart (no new container, nothing to localize) and keeps the AM's count as it was.
  for (;;) {
    const child = await startChild(ctx.python, args, { cwd: ctx.cwd, env, what: "dask worker", ...outputOf(run) });
    run.adopt(child);
    const code = await child.exited;
    if (code !== WORKER_RESTART_EXIT) return code;
    run.log(`${name}: the scheduler removed this worker (client.restart()); starting a fresh worker process`);
  }
}

export async function runClient(run: RoleRun): Promise<number> {
  const { ctx } = run;
  const [script, ...scriptArgs] = run.args;
  if (!script)
    throw new ServiceError("SERVICE_USAGE", "dask.client needs the script to run: dask.client <script> [args...]");
  const scriptPath = path.resolve(ctx.cwd, script);
  if (!existsSync(scriptPath)) {
    throw new ServiceError(
      "SERVICE_NO_SCRIPT",
      `the client script ${scriptPath} is not in the container`,
      "The launcher stages the script given to 'submit'; check that the file existed when the application was submitted.",
    );
  }
  const scheduler = await waitForKey(run.control, DASK_KV.scheduler, run.log);
  const env = {
    // Prints show up in the container log as they happen, not at exit (or never, on a crash).
    PYTHONUNBUFFERED: "1",
    ...run.env,
    // An unchanged `Client()` connects here (dask config key scheduler-address), over TLS if on.
    [DASK_ENV.schedulerAddress]: scheduler,
    ...tlsEnv(ctx),
  };
  // From here on the container's exit code is the script's: the AM (and `submit --wait`) must know.
  if (ctx.containerId) await publishKey(run.control, CLIENT_STARTED_KEY, ctx.containerId, run.log);
  const child = await startChild(ctx.python, [scriptPath, ...scriptArgs], {
    cwd: ctx.cwd,
    env,
    what: "client script",
    ...outputOf(run),
  });
  run.adopt(child);
  return child.exited;
}
