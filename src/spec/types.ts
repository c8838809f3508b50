// The application spec: what one `submit` asks YARN for. Produced by loadSpec() (config layers,
// validated, fully defaulted, deep-frozen), staged as spec.json by the launcher and read back by
// the AM with specFromJSON(). Consumers never see a partial spec: every optional field below is
// optional because "absent" has a meaning of its own (no proxy user, no idle timeout, ...).

/** The dask roles the in-container wrapper knows how to run. */
export const DASK_ROLES = ["dask.scheduler", "dask.worker", "dask.client"] as const;
export type DaskRole = (typeof DASK_ROLES)[number];

/** Service names: also used in container env, log paths and HDFS paths, so kept conservative. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9._-]*$/;

/** File target names reserved for what tsdask-yarn itself localizes into every container. */
export const RESERVED_FILE_NAMES = ["environment", "tsdask"] as const;

export interface FileSpec {
  /** Absolute local path (resolved against the file that named it, or the cwd) or a remote URI (hdfs://…). */
  readonly source: string;
  /** "archive" is extracted by the NodeManager into a directory named after the target. */
  readonly type: "file" | "archive";
}

export interface ClientScriptSpec {
  /** Absolute local path of the user's script at submit time. In the container it is `./<basename>`;
   *  the spec also lists it in the service's `files` under that basename. */
  readonly path: string;
  readonly args: readonly string[];
}

export interface AdaptiveSpec {
  readonly minimum: number;
  readonly maximum: number;
}

export interface ServiceSpec {
  /** Desired instances at start (≥ 0); the AM may change it at runtime (scale, adaptive). */
  readonly instances: number;
  readonly vcores: number;
  readonly memoryMiB: number;
  /** Extra YARN resource types, e.g. { "yarn.io/gpu": 1 }. Never holds memory-mb or vcores. */
  readonly resources: Readonly<Record<string, number>>;
  readonly env: Readonly<Record<string, string>>;
  /** Target name in the container's working directory → what to localize there. */
  readonly files: Readonly<Record<string, FileSpec>>;
  /** Exactly one of script / role is set. */
  readonly script?: string;
  readonly role?: DaskRole;
  /** Only for role dask.client. */
  readonly clientScript?: ClientScriptSpec;
  /** Services that must have started before this one is requested. Existing, acyclic. */
  readonly depends: readonly string[];
  /** Restarts allowed for the whole service: -1 unlimited, else ≥ 0. */
  readonly restarts: number;
  /** If true, a service out of restarts does not fail the application. */
  readonly allowFailures: boolean;
  /**
   * Exactly one instance, never scaled (e.g. a leader or a database). The dask scheduler and client
   * roles are singletons whatever this says.
   */
  readonly singleton?: boolean;
  /** Resolved: the service's own label, else the application's. */
  readonly nodeLabel?: string;
  readonly nodes: readonly string[];
  readonly racks: readonly string[];
  /** Treat nodes/racks as hints (true) or requirements (false). */
  readonly relaxLocality: boolean;
  /** Only for role dask.worker: the AM scales between these from the scheduler's adaptive target. */
  readonly adaptive?: AdaptiveSpec;
  /**
   * Fixed port ranges each instance takes one port of (the dask roles' port keys), for submit's
   * check that a range holds the instances that may share a node. The AM does not read it back.
   */
  readonly ports?: readonly PortClaim[];
}

/** One port range a service's instances take one port each from; `key` as the user wrote it. */
export interface PortClaim {
  readonly key: string;
  readonly first: number;
  readonly last: number;
}

export interface MasterSpec {
  readonly vcores: number;
  readonly memoryMiB: number;
  readonly env: Readonly<Record<string, string>>;
}

export interface HadoopSpec {
  /** Overrides $HADOOP_CONF_DIR. */
  readonly confDir?: string;
  /** Explicit RM web addresses (host:port or http(s)://…), tried in order; else from yarn-site. */
  readonly rmWebAddresses?: readonly string[];
  /** Explicit NameNode web (WebHDFS) addresses, tried in order; else from hdfs-site. */
  readonly namenodeWebAddresses?: readonly string[];
  /** RM scheduler (AMRM protocol) address host:port, handed to the AM; else from yarn-site. */
  readonly rmSchedulerAddress?: string;
}

/**
 * YARN application ACLs, as YARN writes them: "user1,user2 group1,group2" ("*" = everyone). The
 * owner and the cluster's yarn.admin.acl always have access; "" means nobody else.
 */
export interface AclSpec {
  /** VIEW_APP: see the application's report and logs. */
  readonly view: string;
  /** MODIFY_APP: kill it, move it, change its priority. */
  readonly modify: string;
}

export interface LogsSpec {
  /** Absent: not rolled (the NodeManager's plain stdout/stderr, aggregated at the end). */
  readonly partMiB?: number;
  readonly parts: number;
}

/** The Node the AM and service wrappers run on, as the launcher chose it for the nodes. */
export interface RuntimeInfo {
  /** launcher: the launcher's own Node; file: a local binary/tarball/wheel; prepared: from
   *  `tsdask-yarn runtime`; nodes: a path on the nodes; environment: the packed env's Node. */
  readonly form: "launcher" | "file" | "prepared" | "nodes" | "environment";
  /** The local file it came from, or the path on the nodes. */
  readonly source?: string;
  /** e.g. v22.20.0, when known before it runs. */
  readonly version?: string;
  /** e.g. linux-x64. */
  readonly platform?: string;
  /** The newest GLIBC_x.y the binary needs (from its ELF version needs), e.g. "2.17". */
  readonly glibc?: string;
}

export interface ApplicationSpec {
  readonly name: string;
  readonly queue: string;
  /** Proxy user to submit as; absent = the current user. */
  readonly user?: string;
  readonly tags: readonly string[];
  readonly priority: number;
  readonly maxAttempts: number;
  readonly nodeLabel?: string;
  /** Absolute local path (archive or directory) or a remote URI (hdfs://, viewfs://). The launcher
   *  stats it: this layer does no I/O beyond reading config files. */
  readonly environment?: string;
  /** The `runtime` setting: "auto", "environment", or an absolute path (local file or on the nodes). */
  readonly runtime: string;
  /** What the launcher chose for it at submit (staged in spec.json; status and config show it). */
  readonly runtimeInfo?: RuntimeInfo;
  /** Shut down after this long with no dask tasks; absent = never. */
  readonly idleTimeoutSeconds?: number;
  readonly master: MasterSpec;
  readonly hadoop: HadoopSpec;
  /** HDFS directory for .tsdask-yarn/; absent = the user's HDFS home. */
  readonly stagingDir?: string;
  /** Kerberos principal (user@REALM); absent = the ticket cache's. */
  readonly principal?: string;
  /** Keytab to log in from instead of the ticket cache. */
  readonly keytab?: string;
  /**
   * Ship the keytab into the 0700 staging dir so the AM logs in itself and re-obtains the
   * application's delegation tokens before they end (docs/security.md). Default false.
   */
  readonly keytabInAm?: boolean;
  /** PEM CA bundle trusted for HTTPS_ONLY clusters, in addition to the system store. */
  readonly caFile?: string;
  /** Per-application TLS (mutual TLS for dask, HTTPS for the control API). Default true. */
  readonly tls: boolean;
  readonly acls: AclSpec;
  /** Rolled logs of service containers: MiB per part, files kept per stream (control/log-parts.ts). */
  readonly logs: LogsSpec;
  /** Ordered: dask services first (scheduler, worker, client), then generic ones as written. */
  readonly services: Readonly<Record<string, ServiceSpec>>;
}

/** Where one configuration value came from, for `config show` and error messages. */
export interface ValueSource {
  readonly kind: "default" | "config" | "env" | "spec" | "flag" | "script";
  /** For "default", "config", "spec": the file (skeleton.yaml for defaults) and 1-based position. */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  /** For "env": the variable name. For "flag": the flag as typed, e.g. "--worker-memory". */
  readonly name?: string;
}

/** One leaf of the effective configuration, in YAML key form, for `config show`. */
export interface ConfigEntry {
  /** Display key, segments joined with ".", e.g. "worker.memory", "services.web.env.FOO". */
  readonly key: string;
  readonly path: readonly string[];
  /** The value as written (before unit parsing), e.g. "2 GiB". */
  readonly value: unknown;
  readonly source: ValueSource;
}

export interface LoadSpecOptions {
  /** Dotted YAML keys → values from the command line, e.g. { "worker.memory": "4 GiB", "max-attempts": 3 }.
   *  camelCase and snake_case segments are accepted too. Arrays/objects are taken as they are;
   *  strings are parsed by the key's type ("a,b" for lists, "K=V,K2=V2" for maps, "2:10" for adaptive). */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** Optional display names for flags, by the same keys, e.g. { "worker.count": "--worker-count" }. */
  readonly flagNames?: Readonly<Record<string, string>>;
  /** --spec FILE. */
  readonly specFile?: string;
  /** Environment (default process.env): TSDASK_YARN_CONFIG and TSDASK_YARN_* values. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory for ~/.config/tsdask-yarn/config.yaml (default os.homedir()). */
  readonly homeDir?: string;
  /** Base for relative paths given by flags and env vars (default process.cwd()). */
  readonly cwd?: string;
  /** submit SCRIPT ARGS…: adds the dask.client service. */
  readonly script?: { readonly path: string; readonly args?: readonly string[] };
  /** `config show` must work before an environment is chosen; submit must not. Default false. */
  readonly allowMissingEnvironment?: boolean;
}

export interface LoadedSpec {
  readonly spec: ApplicationSpec;
  /** Display key → where the effective value came from (same keys as entries). */
  readonly sources: ReadonlyMap<string, ValueSource>;
  /** Every effective leaf in config order, with value and source. */
  readonly entries: readonly ConfigEntry[];
  /** Non-fatal findings, e.g. an unknown TSDASK_YARN_* variable. */
  readonly warnings: readonly string[];
  /** The config files that were read, in precedence order (user config, spec file). */
  readonly files: readonly string[];
}
