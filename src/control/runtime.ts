// The contract between the launcher (which stages files and submits the AM), the AM (which
// launches service containers) and the in-container service wrapper: where things live in
// HDFS and in a container's working directory, and which environment variables carry what.
// Three parties build these names independently; keeping them here means they cannot drift.

/**
 * A file the launcher staged, as the staging fs reported it at submit: absolute path, and size and
 * modification time exactly as GETFILESTATUS said (a YARN local resource needs exactly these).
 */
export interface StagedFile {
  readonly path: string;
  readonly size: number;
  readonly timestamp: number;
}

/** HDFS layout under the staging root (default: the user's HDFS home). */
export const STAGING = {
  /** `<root>/.tsdask-yarn` */
  base: ".tsdask-yarn",
  /** Content-addressed files: `<base>/cache/<sha256>/<name>` (environment, runtime archive). */
  cache: "cache",
  /** Per-application directory, mode 0700, deleted when the application ends: `<base>/apps/<appId>`. */
  apps: "apps",
} as const;

/** Files inside the per-application staging directory. */
export const APP_FILES = {
  /** The validated ApplicationSpec (specToJSON). */
  spec: "spec.json",
  /** The bearer secret of the control API, mode 0600. Never on a command line, never logged. */
  secret: "secret",
  /** The CA bundle (--ca-file) the AM trusts for an HTTPS_ONLY cluster's web endpoints. */
  caFile: "cluster-ca.pem",
  /** Per-application TLS (docs/design.md §7), all mode 0600: the CA, which the AM uses to issue
   *  its control API certificate, and the leaf shared by the dask roles and the user's Client. */
  tlsCa: "tls/ca.pem",
  tlsCaKey: "tls/ca-key.pem",
  tlsCert: "tls/dask-cert.pem",
  tlsKey: "tls/dask-key.pem",
  /** The cache entries (HDFS paths, JSON list) the application localizes: `cache clean --unused-for` keeps them while it runs. */
  cacheUses: "cache-uses.json",
  /** keytab-in-am: the user's keytab (0600) and the Kerberos binding for the AM's Node. */
  keytab: "keytab",
  kerberosBinding: "kerberos-binding.tar.gz",
  /** The AM's recovery journal (written by the AM). */
  journal: "journal.json",
  /** `services/<service>.sh`: the script of a script service, staged by the launcher. */
  servicesDir: "services",
  /** `files/<service>/<target>`: local files of a service (and the dask client script). */
  filesDir: "files",
} as const;

/** Names in a container's working directory (local resources the NodeManager links there). */
export const CONTAINER_FILES = {
  /** The packed Python environment, extracted (archive resource). */
  environment: "environment",
  /** The runtime archive, extracted: tsdask/bin/node, tsdask/appmaster.js, tsdask/service.js, tsdask/python/. */
  runtime: "tsdask",
  /** The secret (file resource). */
  secret: ".tsdask-secret",
  /** The CA bundle (file resource, AM only; HTTPS_ONLY clusters with a private CA). */
  caFile: ".tsdask-cluster-ca.pem",
  /** TLS (file resources, only when the application uses TLS): the CA certificate in every
   *  container; the dask leaf in service containers; the CA key in the AM's only. */
  tlsCa: ".tsdask-ca.pem",
  tlsCert: ".tsdask-cert.pem",
  tlsKey: ".tsdask-key.pem",
  tlsCaKey: ".tsdask-ca-key.pem",
  /** The spec (file resource, AM only). */
  spec: ".tsdask-spec.json",
  /** keytab-in-am (AM only): the keytab (file) and the Kerberos binding, extracted to kerberos-binding/kerberos. */
  keytab: ".tsdask-keytab",
  kerberosBinding: "kerberos-binding",
  /** A script service's script (file resource). */
  serviceScript: ".tsdask-service.sh",
} as const;

/** The wrapper role that runs a script service's script (service.js service.script). */
export const SCRIPT_SERVICE_ROLE = "service.script";

/** Paths inside the extracted runtime archive. */
export const RUNTIME = {
  node: "bin/node",
  appmaster: "appmaster.js",
  service: "service.js",
  /** The pure-Python tsdask_yarn package (python/tsdask_yarn/*.py): the dask containers' PYTHONPATH
   *  gets it when the environment has no tsdask_yarn of its own (from_current() needs it). */
  python: "python",
} as const;

/** Environment of the AM container, set by the launcher in the submission context. */
export const AM_ENV = {
  /** HDFS path of the per-application staging directory, e.g. /user/alice/.tsdask-yarn/apps/<appId>. */
  stagingDir: "TSDASK_STAGING_DIR",
  /** fs.defaultFS, e.g. hdfs://nn:8020: the scheme/host/port of local resource URLs. */
  defaultFs: "TSDASK_DEFAULT_FS",
  /** Comma-separated NameNode web addresses (http://host:port), tried in order (HDFS HA). */
  namenodeWeb: "TSDASK_NAMENODE_WEB",
  /** The HDFS/YARN user the application runs as (WebHDFS user.name). */
  user: "TSDASK_USER",
  /** Comma-separated RM scheduler addresses host:port (ApplicationMasterProtocol), RM HA in order. */
  rmScheduler: "TSDASK_RM_SCHEDULER",
  /** Comma-separated RM web addresses, for log links and the tracking URL through the proxy. */
  rmWeb: "TSDASK_RM_WEB",
  /** The CA bundle's name in the AM's working directory, when one was given (--ca-file). */
  caFile: "TSDASK_CA_FILE",
  /** hadoop.rpc.protection of the cluster: authentication | integrity | privacy. */
  rpcProtection: "TSDASK_RPC_PROTECTION",
  /** HDFS path + size + mtime of the cached runtime and environment archives, as JSON
   *  { runtime: {path,size,timestamp}, environment?: {...} }, so the AM localizes them with
   *  exactly the size/timestamp GETFILESTATUS reported at submit. Carried as encodeEnvJson():
   *  the NM writes `export KEY="VALUE"` without escaping, so raw JSON loses its quotes. */
  resources: "TSDASK_RESOURCES",
} as const;

/** Environment of every service container, set by the AM in the launch context. */
export const SERVICE_ENV = {
  /** The control API base URL, https://<am host>:<port> (http:// when the application has no TLS). */
  controlUrl: "TSDASK_CONTROL_URL",
  appId: "TSDASK_APP_ID",
  service: "TSDASK_SERVICE",
  /** Stable instance id `<service>_<index>` (instanceId() in types.ts): the dask worker name. */
  instance: "TSDASK_INSTANCE",
  /** The container's resources, so the wrapper sizes dask (--nthreads, --memory-limit). */
  vcores: "TSDASK_VCORES",
  memoryMiB: "TSDASK_MEMORY_MIB",
  /** Rolled logs (control/log-parts.ts): the container's log dir (YARN's <LOG_DIR>, expanded by the
   *  NodeManager), the part size in bytes and the files kept per stream. Absent: no rolling. */
  logDir: "TSDASK_LOG_DIR",
  logPartBytes: "TSDASK_LOG_PART_BYTES",
  logParts: "TSDASK_LOG_PARTS",
} as const;

/**
 * The container variable carrying a dask role's own settings (base64 of JSON) from the spec to the service
 * wrapper: the scheduler's host/port/dashboard-address/scheduler-options, the worker's class and
 * keyword arguments. In the service's env so that the AM needs to know nothing about them.
 */
export const DASK_OPTIONS_ENV = "TSDASK_DASK_OPTIONS";

/** An inclusive port range (spec/ports.ts); first === last for one port. */
export interface PortRangeSetting {
  readonly first: number;
  readonly last: number;
}

/** What the scheduler wrapper reads from DASK_OPTIONS_ENV. */
export interface SchedulerSettings {
  readonly host?: string;
  readonly port?: number;
  /** A scheduler port range: the wrapper takes its first free port (dask itself takes one port). */
  readonly portRange?: PortRangeSetting;
  readonly dashboardAddress?: string;
  /** A dashboard port range, on `host` ("" = every interface): its first free port. */
  readonly dashboardRange?: PortRangeSetting & { readonly host: string };
  /** Keyword arguments for distributed.Scheduler. */
  readonly options?: Record<string, unknown>;
}

/** What the worker wrapper reads from DASK_OPTIONS_ENV. */
export interface WorkerSettings {
  /** Dotted path of the class; absent = dask's Nanny (dask-yarn's default). */
  readonly workerClass?: string;
  /** Keyword arguments for that class. */
  readonly options?: Record<string, unknown>;
  /** The worker's port range (dask's worker_port): dask takes its first free port. */
  readonly port?: PortRangeSetting;
  /** The nanny's port range (the Nanny's port). */
  readonly nannyPort?: PortRangeSetting;
}

/** Key-value keys the dask roles use for rendezvous (the names dask-yarn users know). */
export const DASK_KV = {
  /** tcp://host:port of the scheduler; written LAST, after the dashboard. */
  scheduler: "dask.scheduler",
  /** http://host:port of the dashboard, which also serves the scheduler's HTTP API (/api/v1/...). */
  dashboard: "dask.dashboard",
} as const;

/**
 * The key the AM keeps the application's refreshed delegation tokens under (JSON CredentialsRecord):
 * journaled with the rest of the store, so a later AM attempt keeps them, and read by every
 * container's wrapper, which rewrites its HADOOP_TOKEN_FILE_LOCATION file when it changes.
 */
export const CREDENTIALS_KV = "tsdask.credentials";

export interface CredentialsRecord {
  /** Base64 of the token storage file (HDTS) containers get. */
  readonly storage: string;
  readonly source: "refresh" | "keytab";
  readonly refreshedAt: number;
  readonly expiries: Readonly<Record<string, number>>;
}

/** How often the wrapper asks for new tokens (ms); a service's env may set it. Default 30 s. */
export const CREDENTIALS_POLL_ENV = "TSDASK_CREDENTIALS_POLL_MS";

/**
 * The dask scheduler's HTTP API (distributed/http/scheduler/api.py), on the dashboard's host:port
 * (KV dask.dashboard). The service wrapper serves these routes behind
 * `Authorization: Bearer <app secret>`: anything else gets 403 {"Error": "Forbidden"}. Errors inside
 * a handler are 500 {"Error": "Internal Server Error"}.
 */
export const DASK_SCHEDULER_API = {
  /**
   * POST {"workers": ["tcp://host:port", ...]} (worker ADDRESSES, not names: map names with
   * get_workers first) or {"n": k} (dask picks k). 200 → {"<address>": {"name": ..., ...}} for the
   * workers actually retired; keys held only by them were copied elsewhere first, and a worker whose
   * data has nowhere to go is left out. dask retires with close_workers=False: the worker leaves the
   * scheduler but its process keeps running, so the AM stops the container afterwards.
   */
  retireWorkers: "/api/v1/retire_workers",
  /** GET → {"num_workers": n, "workers": [{"name": "dask.worker_0", "address": "tcp://..."}]} */
  getWorkers: "/api/v1/get_workers",
  /** GET → {"workers": n}: the worker count dask's adaptive logic wants now. */
  adaptiveTarget: "/api/v1/adaptive_target",
  /** GET → {"idle_since": <epoch seconds> | null}. */
  checkIdle: "/api/v1/check_idle",
  /**
   * Ours (src/service/dask_summary.py), behind the same key: GET → workers with memory and CPU,
   * tasks by state and prefix, recent computations, the task stream's newest records (the AM's
   * tracking page; appmaster/dask-summary.ts reads it).
   */
  summary: "/api/v1/tsdask/summary",
} as const;

/**
 * A JSON value for a container environment variable. The NodeManager's launch script writes
 * `export KEY="VALUE"` without escaping `"`, `$` or backquotes, so JSON is carried as base64url
 * (no character the shell treats specially). decodeEnvJson() also takes plain JSON (tests, hand-made envs).
 */
export function encodeEnvJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeEnvJson(text: string): unknown {
  const t = text.trim();
  return JSON.parse(t.startsWith("{") || t.startsWith("[") ? t : Buffer.from(t, "base64url").toString("utf8"));
}
