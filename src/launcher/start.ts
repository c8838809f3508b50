// Starting an application until it is ready, or leaving nothing: submit (or start it locally) →
// the AM registered → for a dask cluster, the scheduler and the requested workers running → the
// caller's `use` of it → on any failure, timeout or abort on the way, the application killed and
// its staging directory removed. The one flow behind `tsdask-yarn submit` (and so the Python
// package, which drives the CLI) and YarnCluster.start.
import type { StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import type { ApplicationSpec } from "../spec/index.js";
import { clusterClients, clusterOptionsOf, type ClusterClients, type ClusterOptions } from "./cluster.js";
import { localAccess, yarnAccess, type ClusterAccess } from "./cluster-access.js";
import { waitForDask } from "./dask-ready.js";
import { submitLocal, type RunningLocalApplication } from "./local/submit.js";
import { submit, type RunningApplication, type SubmitOptions } from "./submit.js";
import { READY_TIMEOUT_MS, REGISTRATION_TIMEOUT_MS } from "./timeouts.js";

export interface StartOptions extends Pick<SubmitOptions, "env" | "onEvent" | "signal" | "runtime" | "user"> {
  /** Run it as processes on this machine (no Hadoop) instead of submitting it to YARN. */
  readonly local?: boolean;
  /**
   * Bound on the start, counted from the call: the AM's registration (default 120 s) and the
   * dask cluster's readiness (default 600 s) both end by then.
   */
  readonly timeoutMs?: number;
  /**
   * Wait until the dask scheduler and `workers` workers (default: the desired count) run, telling
   * every AM report to `onStatus`; false: ready once the AM runs (an application with a script).
   */
  readonly dask: false | { readonly workers?: number; readonly onStatus?: (s: StatusReport) => void };
  /** Why the application is killed when the start fails (the RM's diagnostics). */
  readonly diagnostics: string;
  /** What the cleanup after a failure did, one line at a time (for a progress display). */
  readonly onCleanup?: (line: string) => void;
  /** Local mode's step lines (unpacking the environment, AM started). */
  readonly onLine?: (line: string) => void;
  /** Told when a call starts waiting for a recovering ResourceManager. */
  readonly onNotice?: ClusterOptions["onNotice"];
}

interface Ready {
  /** The AM's report that showed the cluster ready (undefined when not waited for). */
  readonly ready: StatusReport | undefined;
  /** Report, wait, kill and logs for this application wherever it runs. */
  readonly access: ClusterAccess;
  /** The user, addresses, security and staging root of the submit, for any further call. */
  readonly cluster: ClusterOptions;
}

type Where =
  | { readonly local: false; readonly app: RunningApplication; readonly clients: ClusterClients }
  | { readonly local: true; readonly app: RunningLocalApplication };

export type StartedApplication = Ready & Where;

// Lives in cluster.ts (status and the other light commands load it without the submit flow).
export { clusterOptionsOf } from "./cluster.js";

/** Starts the application, waits until it is ready and runs `use`; kills it if any of that fails. */
export async function startApplication<T>(
  spec: ApplicationSpec,
  options: StartOptions,
  use: (started: StartedApplication) => Promise<T>,
): Promise<T> {
  const begun = Date.now();
  const cluster = clusterOptionsOf(spec, options);
  const signal = options.signal ? { signal: options.signal } : {};
  const env = options.env !== undefined ? { env: options.env } : {};
  let app: RunningApplication | RunningLocalApplication | undefined;
  let access: ClusterAccess | undefined;
  try {
    let where: Where;
    if (options.local) {
      const local = await submitLocal(spec, {
        ...env,
        ...signal,
        ...(options.onLine ? { onLine: options.onLine } : {}),
        ...(options.timeoutMs !== undefined ? { startTimeoutMs: options.timeoutMs } : {}),
      });
      app = local;
      access = localAccess(options.env);
      where = { local: true, app: local };
    } else {
      // submit() cleans up its own failures; from its return on, a failure is ours to clean up.
      const yarn = await submit(spec, {
        ...env,
        ...signal,
        ...(options.user !== undefined ? { user: options.user } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.onNotice ? { onNotice: options.onNotice } : {}),
        ...(options.runtime ? { runtime: options.runtime } : {}),
        registrationTimeoutMs: options.timeoutMs ?? REGISTRATION_TIMEOUT_MS,
      });
      app = yarn;
      // The same user, addresses and security as the submit: with ACLs on, the RM shows a report's
      // AM fields (AM container, its logs and address, log aggregation) only to those who may view it.
      const clients = clusterClients(cluster);
      access = yarnAccess(clients, cluster);
      where = { local: false, app: yarn, clients };
    }
    const ready =
      options.dask === false
        ? undefined
        : await waitForDask(app.appId, app.client, access, {
            ...(options.dask.workers !== undefined ? { workers: options.dask.workers } : {}),
            timeoutMs: begun + (options.timeoutMs ?? READY_TIMEOUT_MS) - Date.now(),
            ...signal,
            ...(options.dask.onStatus ? { onStatus: options.dask.onStatus } : {}),
          });
    return await use({ ...where, ready, access, cluster });
  } catch (err) {
    const left = app && access ? await killAfterFailure(app.appId, access, options) : undefined;
    if (options.signal?.aborted && !(err instanceof TsdaskError && err.code === "SUBMIT_ABORTED")) {
      throw new TsdaskError(
        "SUBMIT_ABORTED",
        `submit of ${app?.appId ?? "the application"} was interrupted`,
        left ? `Left behind: ${left}.` : "The application was killed and nothing was left behind.",
      );
    }
    throw err;
  }
}

/** Kills the application after a failed start; returns what could not be removed, if anything. */
async function killAfterFailure(appId: string, access: ClusterAccess, options: StartOptions) {
  const say = options.onCleanup ?? (() => undefined);
  say(`stopping ${appId}`);
  try {
    await access.kill(appId, options.diagnostics);
    say(`cleaned up ${appId}: nothing was left behind`);
    return undefined;
  } catch (e) {
    const left = `application ${appId} and its staging directory may be left (${(e as Error).message}); remove them with 'tsdask-yarn kill ${appId}'`;
    say(`left behind: ${left}`);
    return left;
  }
}
