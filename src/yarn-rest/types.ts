// The ResourceManager REST shapes we use, in our own camelCase names. JSON field names of the
// wire format live only in submission.ts (requests) and reports.ts (responses).

/** Memory in MiB and virtual cores. */
export interface Resource {
  readonly memoryMb: number;
  readonly vcores: number;
}

export type LocalResourceType = "FILE" | "ARCHIVE" | "PATTERN";
export type LocalResourceVisibility = "PUBLIC" | "PRIVATE" | "APPLICATION";

export interface LocalResource {
  /** hdfs://… URL of the file. */
  readonly url: string;
  readonly type: LocalResourceType;
  readonly visibility: LocalResourceVisibility;
  /** Exactly GETFILESTATUS `length`: the NodeManager refuses a resource whose size changed. */
  readonly size: number;
  /** Exactly GETFILESTATUS `modificationTime` (ms). */
  readonly timestamp: number;
  readonly pattern?: string;
}

export interface ContainerLaunchContext {
  readonly localResources?: Readonly<Record<string, LocalResource>>;
  readonly environment?: Readonly<Record<string, string>>;
  /** The shell command line; `<LOG_DIR>` is replaced by the container log dir. */
  readonly command: string;
  /** Token alias → Token.encodeToUrlString() value. */
  readonly tokens?: Readonly<Record<string, string>>;
  /** Secret alias → base64url bytes. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly acls?: Readonly<Partial<Record<"VIEW_APP" | "MODIFY_APP", string>>>;
  /** Auxiliary service name → base64url bytes. */
  readonly serviceData?: Readonly<Record<string, string>>;
}

export interface LogAggregationContext {
  readonly includePattern?: string;
  readonly excludePattern?: string;
  readonly rolledLogsIncludePattern?: string;
  readonly rolledLogsExcludePattern?: string;
  readonly policyClassName?: string;
  readonly policyParameters?: string;
}

export interface ApplicationSubmission {
  readonly applicationId: string;
  readonly name: string;
  readonly amContainer: ContainerLaunchContext;
  /** The AM container's size. The REST API only carries memory and vcores (RMWebAppUtil). */
  readonly resource: Resource;
  readonly queue?: string;
  readonly priority?: number;
  readonly applicationType?: string;
  readonly tags?: readonly string[];
  /** Absent or ≤ 0: the RM's yarn.resourcemanager.am.max-attempts. */
  readonly maxAppAttempts?: number;
  readonly keepContainersAcrossApplicationAttempts?: boolean;
  readonly attemptFailuresValidityIntervalMs?: number;
  /** Node label expression for all containers of the app / for the AM container. */
  readonly nodeLabel?: string;
  readonly amNodeLabel?: string;
  readonly amBlacklisting?: { readonly enabled: boolean; readonly disableFailureThreshold: number };
  readonly logAggregation?: LogAggregationContext;
  readonly unmanagedAm?: boolean;
  readonly cancelTokensWhenComplete?: boolean;
  readonly reservationId?: string;
}

export type ApplicationState =
  "NEW" | "NEW_SAVING" | "SUBMITTED" | "ACCEPTED" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED";
export type FinalApplicationStatus = "UNDEFINED" | "SUCCEEDED" | "FAILED" | "KILLED";
export const TERMINAL_STATES: readonly ApplicationState[] = ["FINISHED", "FAILED", "KILLED"];

/** YARN's LogAggregationStatus: only SUCCEEDED (or a terminal failure) means the files are whole. */
export type LogAggregationStatus =
  "DISABLED" | "NOT_START" | "RUNNING" | "RUNNING_WITH_FAILURE" | "SUCCEEDED" | "FAILED" | "TIME_OUT";

export interface ApplicationReport {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly queue: string;
  readonly state: ApplicationState;
  readonly finalStatus: FinalApplicationStatus;
  readonly progress: number;
  readonly applicationType: string;
  readonly tags: readonly string[];
  readonly diagnostics: string;
  readonly trackingUrl?: string;
  readonly amContainerLogs?: string;
  /** The RM's view of log aggregation (absent on RMs that do not report it). */
  readonly logAggregationStatus?: LogAggregationStatus;
  readonly amHostHttpAddress?: string;
  readonly amRpcAddress?: string;
  readonly startedTime: number;
  readonly finishedTime: number;
  readonly allocatedMb: number;
  readonly allocatedVcores: number;
  readonly runningContainers: number;
  readonly priority?: number;
}

export interface ApplicationFilter {
  readonly states?: readonly ApplicationState[];
  readonly finalStatus?: FinalApplicationStatus;
  readonly user?: string;
  readonly queue?: string;
  readonly tags?: readonly string[];
  readonly applicationTypes?: readonly string[];
  readonly limit?: number;
}

export interface NewApplication {
  readonly applicationId: string;
  readonly maximumResourceCapability: Resource;
}

export interface ClusterInfo {
  readonly id: number;
  readonly state: string;
  /** ACTIVE or STANDBY (NOT_HA-aware RMs say ACTIVE). */
  readonly haState: string;
  readonly hadoopVersion: string;
  readonly resourceManagerVersion: string;
  readonly startedOn: number;
}

export interface NodeReport {
  readonly id: string;
  readonly state: string;
  readonly nodeHostName: string;
  readonly nodeHttpAddress: string;
  readonly rack: string;
  readonly numContainers: number;
  readonly usedMemoryMb: number;
  readonly availMemoryMb: number;
  readonly usedVcores: number;
  readonly availableVcores: number;
  readonly healthReport: string;
}

export interface ApplicationAttempt {
  readonly id: number;
  readonly appAttemptId: string;
  readonly state: string;
  readonly containerId: string;
  readonly nodeId: string;
  readonly nodeHttpAddress: string;
  readonly logsLink: string;
  readonly startTime: number;
  readonly finishedTime: number;
}

export interface ContainerReport {
  readonly containerId: string;
  readonly state: string;
  readonly exitStatus: number;
  readonly nodeId: string;
  readonly allocatedMb: number;
  readonly allocatedVcores: number;
  readonly priority: number;
  readonly logUrl: string;
  readonly diagnostics: string;
  readonly startedTime: number;
  readonly finishedTime: number;
}
