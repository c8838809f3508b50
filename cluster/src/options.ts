// The knobs of `cluster/hadoop up`. They are stored in the state file so that a second
// `up` can tell whether the running cluster already matches what was asked for.
export type RpcProtection = "authentication" | "integrity" | "privacy";
/** The NodeManagers' log-aggregation file controller: Hadoop's TFile one, or the indexed one. */
export type LogAggregationFormat = "tfile" | "indexed";
/** yarn.nodemanager.log-aggregation.compression-type. */
export type LogCompression = "none" | "gz";

export interface ClusterOptions {
  /** Number of NodeManagers (1 or 2). */
  nodes: number;
  /** hadoop.rpc.protection for every daemon (and so the QOP our AM must negotiate). */
  rpcProtection: RpcProtection;
  /** ResourceManager (and NodeManager) work-preserving recovery. */
  recovery: boolean;
  /** yarn.nm.liveness-monitor.expiry-interval-ms; short values make node-loss tests fast. */
  nmExpiryMs: number;
  /** yarn.resourcemanager.am.max-attempts. */
  amMaxAttempts: number;
  /** Memory (MB) and vcores each NodeManager offers to containers. */
  nmMemoryMb: number;
  nmVcores: number;
  /** Kerberos (a local MIT KDC), SPNEGO and HTTPS_ONLY web endpoints: see cluster/src/secure-config.ts. */
  secure: boolean;
  /** Delegation-token renew interval and maximum lifetime (HDFS and RM); short values test renewal. */
  tokenRenewMs: number;
  tokenMaxLifetimeMs: number;
  /** Which controller writes aggregated logs (both can be read back by `yarn logs`). */
  logAggregation: LogAggregationFormat;
  /** Codec of the aggregated log files. */
  logCompression: LogCompression;
  /**
   * YARN application ACLs enforced (yarn.acl.enable), with the daemons' own user as the only admin,
   * and the web endpoints taking the caller from `user.name` (simple auth) instead of one static
   * user, so another local user is a different caller for the RM.
   */
  acls: boolean;
  /**
   * Tuning a site with many small containers uses (the benchmarks): several assignments per
   * NodeManager heartbeat, off-switch ones included, and a faster heartbeat. Absent, not false,
   * when off, so state files written before the option existed still match the defaults.
   */
  manySmallContainers?: true;
  /**
   * How the NodeManager's localizer sets permissions on what it unpacks: "nio" one system call per
   * entry (as a site with libhadoop does; cluster/java/tsdask/cluster), "shell" Hadoop's fallback
   * without libhadoop, one `chmod` process per entry (~20 s for a dask environment archive).
   */
  localFs: LocalFs;
}

export type LocalFs = "nio" | "shell";

export const DEFAULT_OPTIONS: ClusterOptions = {
  nodes: 1,
  rpcProtection: "authentication",
  recovery: false,
  nmExpiryMs: 600_000,
  amMaxAttempts: 2,
  nmMemoryMb: 8192,
  nmVcores: 8,
  secure: false,
  // Hadoop's defaults: renew every 24 h, at most 7 days.
  tokenRenewMs: 86_400_000,
  tokenMaxLifetimeMs: 604_800_000,
  logAggregation: "tfile",
  logCompression: "none",
  acls: false,
  // Measured on one cold submit of the dask environment (8,184 files), loaded 2-core machine:
  // localization 5.1 s with nio, 30.0 s with shell. "shell" is kept for comparisons (bench).
  localFs: "nio",
};

export function sameOptions(a: ClusterOptions, b: ClusterOptions): boolean {
  // A state file written before an option existed holds its default.
  return JSON.stringify({ ...DEFAULT_OPTIONS, ...a }) === JSON.stringify({ ...DEFAULT_OPTIONS, ...b });
}

export class UsageError extends Error {}

/** Parses `--nodes 2 --rpc-protection privacy --recovery --nm-expiry-ms 15000 ...`. */
export function parseOptions(args: string[], base: ClusterOptions = DEFAULT_OPTIONS): ClusterOptions {
  const o = { ...base };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const int = (min: number, max: number): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
      return n;
    };
    switch (flag) {
      case "--nodes":
        o.nodes = int(1, 2);
        break;
      case "--rpc-protection": {
        const v = value();
        if (v !== "authentication" && v !== "integrity" && v !== "privacy")
          throw new UsageError(`--rpc-protection must be authentication, integrity or privacy, got '${v}'`);
        o.rpcProtection = v;
        break;
      }
      case "--recovery":
        o.recovery = true;
        break;
      case "--acls":
        o.acls = true;
        break;
      case "--no-acls":
        o.acls = false;
        break;
      case "--no-recovery":
        o.recovery = false;
        break;
      case "--nm-expiry-ms":
        o.nmExpiryMs = int(1000, 3_600_000);
        break;
      case "--am-max-attempts":
        o.amMaxAttempts = int(1, 10);
        break;
      case "--nm-memory-mb":
        o.nmMemoryMb = int(512, 262_144);
        break;
      case "--nm-vcores":
        o.nmVcores = int(1, 4096);
        break;
      case "--secure":
        o.secure = true;
        break;
      case "--no-secure":
        o.secure = false;
        break;
      case "--token-renew-ms":
        o.tokenRenewMs = int(10_000, 604_800_000);
        break;
      case "--token-max-lifetime-ms":
        o.tokenMaxLifetimeMs = int(10_000, 31_536_000_000);
        break;
      case "--log-aggregation": {
        const v = value();
        if (v !== "tfile" && v !== "indexed")
          throw new UsageError(`--log-aggregation must be tfile or indexed, got '${v}'`);
        o.logAggregation = v;
        break;
      }
      case "--log-compression": {
        const v = value();
        if (v !== "none" && v !== "gz") throw new UsageError(`--log-compression must be none or gz, got '${v}'`);
        o.logCompression = v;
        break;
      }
      case "--local-fs": {
        const v = value();
        if (v !== "nio" && v !== "shell") throw new UsageError(`--local-fs must be nio or shell, got '${v}'`);
        o.localFs = v;
        break;
      }
      case "--many-small-containers":
        o.manySmallContainers = true;
        break;
      case "--defaults":
        Object.assign(o, DEFAULT_OPTIONS);
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (o.tokenMaxLifetimeMs < o.tokenRenewMs)
    throw new UsageError(
      `--token-max-lifetime-ms (${o.tokenMaxLifetimeMs}) must not be shorter than --token-renew-ms (${o.tokenRenewMs})`,
    );
  return o;
}
