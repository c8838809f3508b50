// Pure construction of the dask command lines and environments, and parsing of what the scheduler
// reports back. Checked against distributed 2026.8 (`python -m distributed.cli.dask_scheduler
// --help`, `.../dask_worker --help`, distributed/distributed.yaml).
import { API_GUARD_MODULE } from "./api-guard.js";
import type { RunnerRange, RunnerSpec } from "./dask-runner.js";

/**
 * distributed.scheduler.http.routes as distributed.yaml ships it. Setting the key through the
 * environment replaces the whole list, so the defaults are repeated here and the API is appended.
 * `distributed.http.scheduler.api` itself is NOT added: it has no authentication in distributed
 * (the api-key of dask/distributed PR #6431 was never merged); API_GUARD_MODULE serves the same
 * routes behind the key.
 */
export const DEFAULT_SCHEDULER_ROUTES = [
  "distributed.http.scheduler.prometheus",
  "distributed.http.scheduler.info",
  "distributed.http.scheduler.json",
  "distributed.http.health",
  "distributed.http.proxy",
  "distributed.http.statics",
] as const;

/** dask config through the environment: DASK_ + path with `__` between levels (dask.config.collect_env). */
export const DASK_ENV = {
  routes: "DASK_DISTRIBUTED__SCHEDULER__HTTP__ROUTES",
  apiKey: "DASK_DISTRIBUTED__SCHEDULER__HTTP__API_KEY",
  schedulerAddress: "DASK_SCHEDULER_ADDRESS",
  requireEncryption: "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION",
  tlsCaFile: "DASK_DISTRIBUTED__COMM__TLS__CA_FILE",
} as const;

/** The TLS files of the container (absolute paths). */
export interface DaskTlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * dask's TLS configuration for every role at once (distributed.comm.tls.{scheduler,worker,client}
 * .{cert,key} and ca-file): the scheduler, the workers (and their nannies) and the client script
 * all use the application's one leaf, and refuse anything that is not tls:// signed by its CA
 * (require-encryption). A user's `Client()` in the client script picks it up from the config.
 */
export function daskTlsEnv(tls: DaskTlsFiles): Record<string, string> {
  const env: Record<string, string> = {
    [DASK_ENV.requireEncryption]: "True",
    [DASK_ENV.tlsCaFile]: pythonStringLiteral(tls.caFile),
  };
  for (const role of ["SCHEDULER", "WORKER", "CLIENT"]) {
    env[`DASK_DISTRIBUTED__COMM__TLS__${role}__CERT`] = pythonStringLiteral(tls.certFile);
    env[`DASK_DISTRIBUTED__COMM__TLS__${role}__KEY`] = pythonStringLiteral(tls.keyFile);
  }
  return env;
}

/**
 * dask parses each DASK_* value with ast.literal_eval: a bare secret like `1234e5` would become a
 * float. A JSON string literal is also a valid Python string literal, so it always stays a str.
 */
export function pythonStringLiteral(text: string): string {
  return JSON.stringify(text);
}

export function schedulerEnv(secret: string, guardDir: string, pythonPath: string | undefined): Record<string, string> {
  return {
    [DASK_ENV.routes]: JSON.stringify([...DEFAULT_SCHEDULER_ROUTES, API_GUARD_MODULE]),
    [DASK_ENV.apiKey]: pythonStringLiteral(secret),
    // The guard module lives in a directory of its own, ahead of whatever the user had.
    PYTHONPATH: pythonPath ? `${guardDir}:${pythonPath}` : guardDir,
  };
}

export interface SchedulerArgsOptions {
  /** Host to bind and advertise (the NodeManager's host name); dask's own guess when absent. */
  readonly host?: string;
  /** Where the scheduler writes its bound addresses. */
  readonly schedulerFile: string;
  /** Listen on tls:// (the certificates come from daskTlsEnv). */
  readonly tls?: boolean;
  /** Fixed scheduler port; absent = 0. */
  readonly port?: number;
  /** Fixed dashboard address (":8787", "host:port"); absent = ":0". */
  readonly dashboardAddress?: string;
  /** Port ranges: the runner takes the first free port of each (schedulerRunner). */
  readonly portRange?: RunnerRange;
  readonly dashboardRange?: RunnerRange;
}

/** Whether the scheduler needs the runner for its ranges: dask's --port takes one port. */
export const hasRanges = (o: SchedulerArgsOptions): boolean =>
  o.portRange !== undefined || o.dashboardRange !== undefined;

export function schedulerArgs(o: SchedulerArgsOptions): string[] {
  const args = ["-m", "distributed.cli.dask_scheduler"];
  if (o.host) args.push("--host", o.host);
  if (o.tls) args.push("--protocol", "tls");
  // Port 0: the OS picks a free port at bind time, so there is no probe-then-bind race.
  args.push("--port", String(o.port ?? 0), "--dashboard-address", o.dashboardAddress ?? ":0");
  args.push("--scheduler-file", o.schedulerFile);
  return args;
}

/** The same scheduler as distributed.Scheduler(**kwargs), with the user's scheduler_options on top. */
export function schedulerRunner(o: SchedulerArgsOptions, options: Readonly<Record<string, unknown>>): RunnerSpec {
  return {
    class: "distributed.Scheduler",
    args: [],
    kwargs: {
      ...(o.host ? { host: o.host } : {}),
      ...(o.tls ? { protocol: "tls" } : {}),
      port: o.port ?? 0,
      dashboard: true,
      dashboard_address: o.dashboardAddress ?? ":0",
      scheduler_file: o.schedulerFile,
      ...options,
    },
    ...(hasRanges(o)
      ? {
          ranges: {
            ...(o.portRange ? { port: o.portRange } : {}),
            ...(o.dashboardRange ? { dashboard: o.dashboardRange } : {}),
          },
        }
      : {}),
  };
}

export interface WorkerArgsOptions {
  readonly scheduler: string;
  readonly name: string;
  readonly nthreads: number;
  readonly memoryMiB: number;
  /** Spill and scratch space: the container's directory, on YARN's local disks and cleaned with it. */
  readonly localDirectory: string;
  /** Fixed port ranges of the worker and its nanny: dask takes the first free port of each. */
  readonly port?: RunnerRange;
  readonly nannyPort?: RunnerRange;
}

/** dask's setting for how the nanny starts its worker process (spawn, fork or forkserver). */
export const WORKER_START_METHOD = "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD";

/**
 * Ours is fork, dask's is spawn: the worker process is a copy of the nanny, which has distributed
 * imported already, instead of a second interpreter importing it again (bench: worker-options,
 * docs/worker-start.md has the figures and the risk). The container's own setting (worker.env,
 * --worker-env) wins.
 */
export const DEFAULT_WORKER_START = "fork";

/** The start method to add to a worker container's environment: none when it sets its own. */
export function workerStartEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return env[WORKER_START_METHOD] ? {} : { [WORKER_START_METHOD]: DEFAULT_WORKER_START };
}

/** dask's own spelling of a port range (--worker-port 9000:9099, worker_port="9000:9099"). */
const daskRange = (r: RunnerRange): string => `${r.first}:${r.last}`;

/**
 * With the nanny (dask's default, and dask-yarn's worker_class): a worker that passes its memory
 * limit is restarted inside the container by the nanny, long before YARN's pmem check kills the
 * whole container and spends a restart; a retired worker closes its nanny too, so the container
 * still exits 0. Without the worker's own bokeh dashboard, as dask-yarn's Nanny(...) ran it (dask's
 * Worker class defaults to none; only the `dask worker` command turns it on): loading bokeh costs
 * each worker about 0.33 s of CPU at start, 40 % of a worker's start on a busy node (bench:
 * worker-options; docs/worker-start.md). Its HTTP server (health, metrics) stays; the scheduler's
 * dashboard is unchanged. `worker.options: {dashboard: true}` runs the Nanny with it.
 */
export function workerArgs(o: WorkerArgsOptions): string[] {
  return [
    "-m",
    "distributed.cli.dask_worker",
    o.scheduler,
    "--name",
    o.name,
    "--nthreads",
    String(o.nthreads),
    "--memory-limit",
    `${o.memoryMiB}MiB`,
    "--local-directory",
    o.localDirectory,
    "--nanny",
    "--no-dashboard",
    ...(o.port ? ["--worker-port", daskRange(o.port)] : []),
    ...(o.nannyPort ? ["--nanny-port", daskRange(o.nannyPort)] : []),
  ];
}

/** The port keyword arguments of worker_class: a Nanny has its own port and its worker's. */
function workerPortKwargs(o: WorkerArgsOptions, cls: string): Record<string, string> {
  const nanny = cls.endsWith("Nanny");
  const worker = o.port ? { [nanny ? "worker_port" : "port"]: daskRange(o.port) } : {};
  return { ...worker, ...(nanny && o.nannyPort ? { port: daskRange(o.nannyPort) } : {}) };
}

/**
 * dask-yarn's worker: worker_class(scheduler, **worker_options) with the container's name,
 * threads, memory and directory unless the options set them.
 */
export function workerRunner(
  o: WorkerArgsOptions,
  workerClass: string | undefined,
  options: Readonly<Record<string, unknown>>,
): RunnerSpec {
  const cls = workerClass ?? "distributed.Nanny";
  return {
    class: cls,
    args: [o.scheduler],
    kwargs: {
      name: o.name,
      nthreads: o.nthreads,
      memory_limit: `${o.memoryMiB}MiB`,
      local_directory: o.localDirectory,
      ...workerPortKwargs(o, cls),
      ...options,
    },
  };
}

export interface SchedulerInfo {
  /** tls://host:port (tcp:// without TLS) */
  readonly address: string;
  readonly dashboardPort?: number;
}

/**
 * The --scheduler-file JSON ({"address": "tcp://...", "services": {"dashboard": port}, ...}), or
 * undefined while it is absent or half-written (dask writes it in place, not by rename).
 */
export function parseSchedulerFile(text: string): SchedulerInfo | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== "object") return undefined;
  const { address, services } = doc as { address?: unknown; services?: { dashboard?: unknown } };
  if (typeof address !== "string" || !/^[a-z]+:\/\/.+:\d+$/.test(address)) return undefined;
  const port = services?.dashboard;
  return { address, dashboardPort: typeof port === "number" && port > 0 ? port : undefined };
}

/** http://host:port of the dashboard: it listens on all interfaces, reachable at the scheduler's host. */
export function dashboardUrl(schedulerAddress: string, port: number): string {
  const hostPort = schedulerAddress.replace(/^[a-z]+:\/\//, "");
  const host = hostPort.slice(0, hostPort.lastIndexOf(":"));
  return `http://${host}:${port}`;
}
