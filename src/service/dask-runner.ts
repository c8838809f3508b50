// Running a dask server class with keyword arguments, for what dask's command lines cannot say:
// dask-yarn's worker_class/worker_options and scheduler_options are Python objects' arguments
// (nested maps like resources={"GPU": 1}), not flags. The wrapper writes dask_runner.py next to the
// API guard and runs `python -m tsdask_dask_runner '<json>'` instead of the dask CLI when a spec
// sets them; without them the CLI path stays as it was.
import { embeddedText } from "../embedded-text.js";

/** Python module name, in API_GUARD_DIR (already on the scheduler's PYTHONPATH). */
export const DASK_RUNNER_MODULE = "tsdask_dask_runner";

/**
 * The runner's exit code for "the scheduler removed this worker; start a fresh one": a worker
 * without a nanny that client.restart() closed (dask leaves its restart to the deployment). The
 * service wrapper then runs the worker again in the same container (roles.ts runWorker).
 */
export const WORKER_RESTART_EXIT = 75;

/** An inclusive port range; `host` for a dashboard ("" = every interface). */
export interface RunnerRange {
  readonly first: number;
  readonly last: number;
  readonly host?: string;
}

/** What the runner reads from its one argument (JSON). */
export interface RunnerSpec {
  /** Dotted path of the class, e.g. "distributed.Nanny". */
  readonly class: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  /**
   * The scheduler's port ranges, which dask's Scheduler does not take (its workers do): the runner
   * starts it on the first free port of each range, the next one when a port is taken.
   */
  readonly ranges?: { readonly port?: RunnerRange; readonly dashboard?: RunnerRange };
}

/** Replaced by scripts/build.mjs with dask_runner.py's text; not defined when run from source. */
declare const TSDASK_EMBEDDED_DASK_RUNNER_PY: string | undefined;

/** The module's source: src/service/dask_runner.py, embedded in the bundles by the build. */
export const DASK_RUNNER_SOURCE: string = embeddedText(
  typeof TSDASK_EMBEDDED_DASK_RUNNER_PY === "string" ? TSDASK_EMBEDDED_DASK_RUNNER_PY : undefined,
  new URL("./dask_runner.py", import.meta.url),
);

/** The python arguments that run `spec` through the runner module. */
export function runnerArgs(spec: RunnerSpec): string[] {
  return ["-m", DASK_RUNNER_MODULE, JSON.stringify(spec)];
}
