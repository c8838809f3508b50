// YarnCluster: dask-yarn's Python API (docs/design.md §9) in TypeScript, on the launcher.
//
//   await using cluster = await YarnCluster.start({ environment: "env.tar.gz", nWorkers: 2 });
//   console.log(cluster.schedulerAddress);   // hand it to a dask Client
//   await cluster.scale(4);
//   // leaving the block (normally or by an exception) shuts the application down
//
// Unlike dask-yarn, nothing here has to stay alive for the cluster to work: adaptive scaling runs
// in the AM, and any process can attach with fromApplicationId (secret read from HDFS staging).
import { MAX_INSTANCES, type AdaptResponse, type ContainerInfo, type ControlClient } from "../control/index.js";
import type { CredentialsStatus, FinalStatus, StatusReport } from "../control/index.js";
import { TsdaskError } from "../errors.js";
import { loadSpec } from "../spec/index.js";
import type { ApplicationReport } from "../yarn-rest/index.js";
import { TERMINAL_STATES } from "../yarn-rest/index.js";
import { join } from "node:path";
import { openCluster, type ClusterOptions } from "./cluster.js";
import { localAccess, yarnAccess, type ClusterAccess } from "./cluster-access.js";
import { connect } from "./connect.js";
import { proxiedPageUrlOf } from "./proxy-url.js";
import { scaleResolved, type ScaleResult } from "./scale-outcome.js";
import type { WrittenCredentials } from "./app-tls.js";
import { credentials, refreshCredentials } from "./credentials.js";
import type { ContainerLog } from "./logs/container-logs.js";
import { SCHEDULER_SERVICE, waitForDask, WORKER_SERVICE } from "./dask-ready.js";
import { isLocalAppId } from "../control/local-layout.js";
import { startApplication } from "./start.js";
import { ATTACH_TIMEOUT_MS, READY_TIMEOUT_MS, SHUTDOWN_WAIT_MS } from "./timeouts.js";
import { loadSpecOptionsOf, type YarnClusterOptions } from "./yarn-cluster-options.js";

/** Options of YarnCluster.fromApplicationId. */
export interface AttachOptions {
  /** Hadoop configuration directory (default $HADOOP_CONF_DIR). */
  readonly hadoopConfDir?: string;
  /** The HDFS/YARN user (default $HADOOP_USER_NAME, else the OS user). */
  readonly user?: string;
  /** HDFS directory holding .tsdask-yarn/ when the application was submitted with one. */
  readonly stagingDir?: string;
  /** Environment for HADOOP_CONF_DIR / HADOOP_USER_NAME (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long to wait for the scheduler to publish its address (default 2 minutes). */
  readonly timeoutMs?: number;
  /**
   * Shut the application down on close() and `await using` (default false: an attached cluster
   * keeps running when this object goes, as in dask-yarn; shutdown() always ends it).
   */
  readonly shutdownOnClose?: boolean;
  /** Told once when a call waits for a restarting ResourceManager or ApplicationMaster (e.g. scale). */
  readonly onNotice?: (message: string) => void;
}

/** What logs() reads. */
export interface LogsOptions {
  /** Only these services (e.g. "dask.worker"; "appmaster" = the ApplicationMaster). Default: all. */
  readonly services?: readonly string[];
  /** Only this file of each container, e.g. "stderr". Default: every file. */
  readonly file?: string;
}

/** A dask cluster running on YARN: one scheduler container, N worker containers, our AM. */
export class YarnCluster implements AsyncDisposable {
  /** The YARN application id, e.g. application_1717000000000_0003. */
  readonly appId: string;
  /** The dask scheduler's address (tcp://host:port) for a dask Client. */
  readonly schedulerAddress: string;
  /** The dask dashboard's URL, when the scheduler serves one. */
  readonly dashboardLink: string | undefined;
  /** The RM's tracking URL of the AM's overview page. */
  readonly trackingUrl: string | undefined;
  /**
   * The AM's tracking page through the ResourceManager's web proxy (http(s)://rm/proxy/<appId>/),
   * whose dask section shows workers, tasks, progress and the task stream by polling — it works
   * where the direct dashboardLink does not (the proxy carries no websockets). Undefined locally.
   */
  get proxiedDashboardLink(): string | undefined {
    return proxiedPageUrlOf(this.appId, this.#options);
  }
  /** HDFS staging directory of the application (removed when it ends). */
  readonly stagingDir: string;
  /**
   * The AM's control API (status, scale, adapt, shutdown, key-value store), like dask-yarn's
   * `application_client`: the current attempt's, once scale() found the next one after an AM restart.
   */
  get application(): ControlClient {
    return this.#client;
  }
  #client: ControlClient;
  /** Where the application runs: YARN (RM, WebHDFS, NodeManagers) or this machine (local mode). */
  readonly #access: ClusterAccess;
  readonly #options: ClusterOptions;
  /** True for clusters this object started; attached ones are left running by close(). */
  readonly #shutdownOnClose: boolean;
  #ended: ApplicationReport | undefined;

  private constructor(
    app: { appId: string; stagingDir: string; trackingUrl: string | undefined; client: ControlClient },
    ready: StatusReport,
    access: ClusterAccess,
    options: ClusterOptions,
    shutdownOnClose: boolean,
  ) {
    this.appId = app.appId;
    this.stagingDir = app.stagingDir;
    this.trackingUrl = app.trackingUrl;
    this.#client = app.client;
    this.schedulerAddress = ready.dask!.schedulerAddress!;
    this.dashboardLink = ready.dask?.dashboardUrl;
    this.#access = access;
    this.#options = options;
    this.#shutdownOnClose = shutdownOnClose;
  }

  /**
   * Submits a new dask cluster and resolves once its scheduler (and, unless `waitForWorkers` is
   * false, its requested workers) run. Options left out come from the user config file and
   * TSDASK_YARN_* variables, then skeleton.yaml's defaults. If anything fails or `signal` aborts,
   * the application is killed and its staging directory removed before the error is thrown.
   */
  static async start(options: YarnClusterOptions = {}): Promise<YarnCluster> {
    const { spec } = loadSpec(loadSpecOptionsOf(options));
    if (!spec.services[SCHEDULER_SERVICE]) {
      throw new TsdaskError(
        "NOT_A_DASK_CLUSTER",
        "the configuration has no dask scheduler (dask: false, or only generic services)",
        "Set dask: auto or true in the config, or submit generic services with submit() instead.",
      );
    }
    return startApplication(
      spec,
      {
        ...(options.env !== undefined ? { env: options.env } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.onNotice ? { onNotice: options.onNotice } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.runtime ? { runtime: options.runtime } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.local ? { local: true } : {}),
        dask: options.waitForWorkers === false ? { workers: 0 } : {},
        diagnostics: "YarnCluster.start did not finish",
      },
      async (started) => {
        // A local application is tethered to this process: it ends KILLED if the process exits
        // without shutting it down.
        const app = started.local
          ? {
              ...started.app,
              stagingDir: join(started.app.dir, "staging"),
              trackingUrl: `${started.app.controlUrl}/`,
            }
          : started.app;
        return new YarnCluster(app, started.ready!, started.access, started.cluster, true);
      },
    );
  }

  /**
   * Attaches to a running cluster (started by the CLI, start(), or another process) and resolves
   * once its scheduler address is known. close() and `await using` leave the application running
   * (it belongs to whoever started it, as in dask-yarn) unless `shutdownOnClose` is set;
   * shutdown() ends it.
   */
  static async fromApplicationId(appId: string, options: AttachOptions = {}): Promise<YarnCluster> {
    const clusterOptions: ClusterOptions = {
      ...(options.hadoopConfDir !== undefined ? { hadoop: { confDir: options.hadoopConfDir } } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.stagingDir !== undefined ? { stagingRoot: options.stagingDir } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    };
    const app = await connect(appId, clusterOptions);
    const access = isLocalAppId(appId)
      ? localAccess(options.env)
      : yarnAccess(await openCluster(clusterOptions), clusterOptions);
    const ready = await waitForDask(appId, app.client, access, {
      workers: 0,
      timeoutMs: options.timeoutMs ?? ATTACH_TIMEOUT_MS,
    });
    // daskReady does not wait for a scheduler an application of generic services lacks.
    if (!ready.dask?.schedulerAddress) {
      throw new TsdaskError("NOT_A_DASK_CLUSTER", `${appId} has no dask scheduler`, "Attach to a dask application.");
    }
    const attached = { ...app, trackingUrl: app.report.trackingUrl };
    return new YarnCluster(attached, ready, access, clusterOptions, options.shutdownOnClose ?? false);
  }

  /** The AM's report: services, containers (with log links), dask addresses. */
  status(): Promise<StatusReport> {
    return this.application.status();
  }

  /** The ResourceManager's report of the application (state, final status, diagnostics). */
  report(): Promise<ApplicationReport> {
    return this.#access.applicationReport(this.appId);
  }

  /**
   * Sets the number of workers. Scaling down retires workers through the dask scheduler first, so
   * their data moves to the workers that stay. Turns adaptive scaling off, as in dask-yarn. Rides
   * out an AM restart as `tsdask-yarn scale` does (scale-outcome.ts): a scale the AM did not take
   * waits (bounded) for the next attempt, one whose answer was lost is confirmed from its status.
   */
  scale(n: number): Promise<ScaleResult> {
    const reconnect = async () => (this.#client = (await connect(this.appId, this.#options)).client);
    const notice = this.#options.onNotice ? { onNotice: this.#options.onNotice } : {};
    return scaleResolved(this.#client, reconnect, WORKER_SERVICE, n, notice);
  }

  /**
   * Lets the AM scale the workers between `minimum` (default 0) and `maximum` (default: no limit
   * but the cluster's) from the scheduler's adaptive target. Runs in the AM: it keeps working when
   * this process exits. A later scale() turns it off.
   */
  adapt(limits: { readonly minimum?: number; readonly maximum?: number } = {}): Promise<AdaptResponse> {
    return this.application.adapt(WORKER_SERVICE, limits.minimum ?? 0, limits.maximum ?? MAX_INSTANCES);
  }

  /** Resolves once at least `n` workers run (default: the desired count); fails if the app ends. */
  waitForWorkers(n?: number, options: { readonly timeoutMs?: number } = {}): Promise<StatusReport> {
    return waitForDask(this.appId, this.application, this.#access, {
      ...(n !== undefined ? { workers: n } : {}),
      timeoutMs: options.timeoutMs ?? READY_TIMEOUT_MS,
    });
  }

  /**
   * Writes the TLS files a dask Client needs (ca.pem, cert.pem, key.pem, mode 0600) into `dir`;
   * `Client(cluster.schedulerAddress, security=<the returned .security>)` then connects.
   */
  credentials(dir: string): Promise<WrittenCredentials> {
    return credentials(this.appId, dir, this.#options);
  }

  /**
   * New HDFS delegation tokens for this application from the caller's Kerberos ticket or keytab
   * (`tsdask-yarn credentials refresh`): the AM and every container use them from now on.
   */
  refreshCredentials(): Promise<CredentialsStatus> {
    return refreshCredentials(this.appId, this.#options);
  }

  /** The worker containers that are waiting, requested or running (dask-yarn's `workers()`). */
  async workers(): Promise<ContainerInfo[]> {
    const s = await this.status();
    const live = new Set(["WAITING", "REQUESTED", "RUNNING"]);
    return [...(s.services.find((x) => x.name === WORKER_SERVICE)?.containers ?? [])].filter((c) => live.has(c.state));
  }

  /**
   * The YARN log files (stdout, stderr, ...) of the running containers, read from their
   * NodeManagers. Finished containers are not included: once the application has ended, read
   * them with aggregatedContainerLogs(appId) (logs/aggregated-logs.ts).
   */
  async logs(options: LogsOptions = {}): Promise<ContainerLog[]> {
    return this.#access.logs(this.appId, await this.status(), options);
  }

  /**
   * Follows the running containers' log files as they are written (about once a second), picking
   * up containers that start later; ends when the application ends or `signal` aborts.
   */
  followLogs(options: LogsOptions & { readonly signal?: AbortSignal } = {}): AsyncGenerator<ContainerLog> {
    return this.#access.followLogs(this.appId, () => this.status(), options);
  }

  /**
   * Stops the cluster: the AM stops every container and unregisters with `status`, then removes
   * the staging directory. Falls back to a YARN kill if the AM does not answer or finish in time.
   * Safe to call more than once; resolves with the RM's final report.
   */
  async shutdown(status: FinalStatus = "SUCCEEDED", diagnostics?: string): Promise<ApplicationReport> {
    if (this.#ended) return this.#ended;
    let report = await this.report();
    if (!TERMINAL_STATES.includes(report.state)) {
      try {
        await this.application.shutdown(status, diagnostics);
        report = await this.#access.waitForEnd(this.appId, SHUTDOWN_WAIT_MS);
      } catch {
        report = await this.#access.kill(this.appId, diagnostics ?? "YarnCluster.shutdown");
      }
    }
    // The AM removes it before unregistering; an AM that was killed could not.
    await this.#access.removeStaging(this.stagingDir);
    return (this.#ended = report);
  }

  /**
   * shutdown("SUCCEEDED") for a cluster start() created (or one attached with shutdownOnClose);
   * nothing for an attached cluster, which keeps running.
   */
  async close(): Promise<void> {
    if (this.#shutdownOnClose) await this.shutdown();
  }

  /** `await using cluster = await YarnCluster.start(...)`: close() when the block is left, however. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
