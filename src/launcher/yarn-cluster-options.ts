// YarnCluster.start's options in dask-yarn's vocabulary (n_workers, worker_vcores, ...; camelCase
// here) and their mapping onto loadSpec's flag layer. Going through loadSpec rather than building a
// spec by hand means the library gets exactly what the CLI gets: the user config file and
// TSDASK_YARN_* variables underneath, the same unit parsing, the same messages for bad values.
import type { LoadSpecOptions } from "../spec/index.js";
import type { SubmitListener } from "./events.js";
import type { RuntimeArchiveOptions } from "./runtime-archive.js";

/** A memory size: "4 GiB", "512MB", or a number of MiB. */
export type MemorySize = string | number;

/** Options of YarnCluster.start. Every cluster option is optional: unset ones come from the config. */
export interface YarnClusterOptions {
  /**
   * Run the cluster as processes on this machine instead of on YARN (the CLI's submit --local): no
   * Hadoop needed. It ends with this process if not shut down before.
   */
  readonly local?: boolean;
  /** Python environment: a conda-pack/venv-pack archive, a directory, or an hdfs:// path. */
  readonly environment?: string;
  /** The config key `runtime`: the Node the AM runs on ("auto", "environment", a local Node file, a path on the nodes). */
  readonly nodeRuntime?: string;
  /** Workers started at launch (dask-yarn's `n_workers`). */
  readonly nWorkers?: number;
  /** Same as nWorkers (the config key's name, `worker.count`); nWorkers wins when both are set. */
  readonly workerCount?: number;
  /** vcores per worker (also its thread count). */
  readonly workerVcores?: number;
  /** Memory per worker (also its dask memory limit). */
  readonly workerMemory?: MemorySize;
  /** GPUs per worker (yarn.io/gpu). */
  readonly workerGpus?: number;
  /** Worker restarts allowed before the application fails; -1 = unlimited. */
  readonly workerRestarts?: number;
  /** Extra environment variables for the workers. */
  readonly workerEnv?: Readonly<Record<string, string>>;
  readonly schedulerVcores?: number;
  readonly schedulerMemory?: MemorySize;
  readonly schedulerGpus?: number;
  /** Extra environment variables for the scheduler. */
  readonly schedulerEnv?: Readonly<Record<string, string>>;
  /** YARN application name. */
  readonly name?: string;
  readonly queue?: string;
  readonly tags?: readonly string[];
  /** Proxy user to submit as (needs proxy-user rights). */
  readonly user?: string;
  readonly priority?: number;
  /** ApplicationMaster attempts; a later attempt recovers the running workers. */
  readonly maxAttempts?: number;
  readonly nodeLabel?: string;
  /** The AM scales the workers between these from the scheduler's load (no client process needed). */
  readonly adaptive?: { readonly minimum: number; readonly maximum: number };
  /** Shut down after this long without dask tasks: "30m", or seconds. */
  readonly idleTimeout?: string | number;
  /** Per-application TLS (default true); false only on a cluster nobody else can reach. */
  readonly tls?: boolean;
  /** YARN ACLs: who else may view / modify (kill) the application, "user1,user2 group1". */
  readonly aclView?: string;
  readonly aclModify?: string;
  /** A spec file (YAML) layered under these options, like the CLI's --spec. */
  readonly specFile?: string;
  /** Hadoop configuration directory (default $HADOOP_CONF_DIR). */
  readonly hadoopConfDir?: string;
  /** HDFS directory for .tsdask-yarn/ (default the user's HDFS home). */
  readonly stagingDir?: string;

  /** Environment for HADOOP_CONF_DIR, HADOOP_USER_NAME, TSDASK_YARN_* (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths (environment, spec file); default process.cwd(). */
  readonly cwd?: string;
  /** Home directory holding ~/.config/tsdask-yarn/config.yaml (default os.homedir()). */
  readonly homeDir?: string;
  /** Wait for the requested workers too, not only the scheduler (default true). */
  readonly waitForWorkers?: boolean;
  /** How long start() may take until the cluster is ready (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Aborting stops a start in progress; the half-started application is killed and cleaned up. */
  readonly signal?: AbortSignal;
  /** Progress events of the submission (uploads, states). */
  readonly onEvent?: SubmitListener;
  /** Told once when a call waits for a restarting ResourceManager or ApplicationMaster (e.g. scale). */
  readonly onNotice?: (message: string) => void;
  /** Where the AM bundles are (unusual installs and tests). */
  readonly runtime?: RuntimeArchiveOptions;
}

/** [option, dotted config key]: the options that are plain config values. */
const KEYS: readonly (readonly [keyof YarnClusterOptions, string])[] = [
  ["environment", "environment"],
  ["nodeRuntime", "runtime"],
  ["workerCount", "worker.count"],
  ["nWorkers", "worker.count"], // after workerCount: n_workers is dask-yarn's name and wins
  ["workerVcores", "worker.vcores"],
  ["workerMemory", "worker.memory"],
  ["workerGpus", "worker.gpus"],
  ["workerRestarts", "worker.restarts"],
  ["workerEnv", "worker.env"],
  ["adaptive", "worker.adaptive"],
  ["schedulerVcores", "scheduler.vcores"],
  ["schedulerMemory", "scheduler.memory"],
  ["schedulerGpus", "scheduler.gpus"],
  ["schedulerEnv", "scheduler.env"],
  ["name", "name"],
  ["queue", "queue"],
  ["tags", "tags"],
  ["user", "user"],
  ["priority", "priority"],
  ["maxAttempts", "max-attempts"],
  ["nodeLabel", "node-label"],
  ["idleTimeout", "idle-timeout"],
  ["tls", "tls"],
  ["aclView", "acls.view"],
  ["aclModify", "acls.modify"],
  ["stagingDir", "staging-dir"],
  ["hadoopConfDir", "hadoop.conf-dir"],
];

/**
 * The loadSpec options for YarnCluster.start: each set option becomes one flag-layer value, named
 * after the option in messages (so a bad `workerMemory` is reported as `workerMemory`).
 */
export function loadSpecOptionsOf(options: YarnClusterOptions): LoadSpecOptions {
  const flags: Record<string, unknown> = {};
  const flagNames: Record<string, string> = {};
  for (const [option, key] of KEYS) {
    const value = options[option];
    if (value === undefined) continue;
    // Copies: the spec layer freezes what it keeps, and the caller's objects stay the caller's.
    flags[key] = Array.isArray(value) ? [...value] : typeof value === "object" ? { ...value } : value;
    flagNames[key] = option;
  }
  return {
    flags,
    flagNames,
    ...(options.specFile !== undefined ? { specFile: options.specFile } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.homeDir !== undefined ? { homeDir: options.homeDir } : {}),
  };
}
