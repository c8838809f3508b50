// The launcher's internal barrel, on which the CLI sits (the package's public surface is
// src/index.ts, a small part of this).
//
//   const app = await submit(spec, { onEvent });        // staged, submitted, AM registered
//   await app.client.scale("dask.worker", 4);           // the AM's control API
//   const again = await connect(app.appId);             // from another process
//   const end = await waitForFinish(app.appId);         // → exitCodeOf(end.finalStatus)
//   await kill(app.appId);                              // REST kill + staging dir removed
//
// Failures are TsdaskError subclasses with stable codes (LauncherError codes here; HDFS_*,
// YARN_*, RM_* and CONTROL_* from the layers below). A failed submit leaves nothing behind.
export {
  submit,
  stageAndSubmit,
  type SubmitOptions,
  type SubmittedApplication,
  type RunningApplication,
} from "./submit.js";
export {
  connect,
  status,
  scale,
  shutdown,
  kill,
  waitForFinish,
  exitCodeOf,
  readSecret,
  applicationReport,
  type ConnectOptions,
  type ConnectedApplication,
  type WaitOptions,
} from "./connect.js";
export { clusterAccess, securityOf, type SecurityOptions } from "./access.js";
export { whileRmRecovers, reportWhileRmRecovers, DEFAULT_RM_RECOVERY_WAIT_MS } from "./rm-recovery.js";
export { cleanCache, type CacheReport, type CleanOptions } from "./cache-admin.js";
export {
  clusterClients,
  nodeAccessFor,
  openCluster,
  appStagingDir,
  resolveUser,
  type ClusterClients,
  type ClusterOptions,
  type ClusterSession,
} from "./cluster.js";
export type { Leftover, SubmitEvent, SubmitListener, UploadKind } from "./events.js";
export { credentials } from "./credentials.js";
export {
  securityLine,
  writeClientCredentials,
  CREDENTIAL_FILES,
  type ClientCredentials,
  type WrittenCredentials,
} from "./app-tls.js";
export { LauncherError, checkAppId, APP_ID_PATTERN, type LauncherErrorCode } from "./errors.js";
export { checkLocalInputs, archiveProblem } from "./preflight.js";
export { checkQueue, leafQueues } from "./queues.js";
export { checkResourceLimits, resourceProblems, type ResourceProblem } from "./limits.js";
export {
  amSubmission,
  amEnvironment,
  tsdaskEnvironment,
  shellQuotedValue,
  amCommand,
  APPLICATION_TYPE,
  type StagedResources,
} from "./am-context.js";
export { controlUrlOf, isRegistered, waitForRegistration } from "./registration.js";
export {
  runtimeArchive,
  packRuntime,
  findDistDir,
  KEEP_LOCAL_ARCHIVES,
  RUNTIME_ARCHIVE_NAME,
  type RuntimeArchive,
  type RuntimeArchiveOptions,
} from "./runtime-archive.js";
export type { StagedFile } from "./uploads.js";
export { YarnCluster, type AttachOptions, type LogsOptions } from "./yarn-cluster.js";
export type { YarnClusterOptions, MemorySize } from "./yarn-cluster-options.js";
export { waitForDask, daskReady, failIfEnded, type WaitDaskOptions } from "./dask-ready.js";
export {
  logTargets,
  readContainerLogs,
  listLogFiles,
  readLogFile,
  parseLogList,
  amContainerOf,
  AM_SERVICE,
  type ContainerLog,
  type LogTarget,
  type NodeAccess,
  type LogFile,
} from "./container-logs.js";
export { followContainerLogs, type FollowLogsOptions } from "./follow-logs.js";
export { aggregatedFiles, readStreams, type AggregatedFiles } from "./rolled-logs.js";
export { aggregatedTail, type AggregatedTailOptions } from "./aggregated-tail.js";
export {
  streamService,
  instanceOf,
  OUTPUT_FILES,
  type StreamServiceOptions,
  type TailSource,
} from "./stream-service.js";
export {
  capacityWarning,
  findQueueCapacity,
  freeText,
  queueCapacity,
  totalRequest,
  type Amount,
  type QueueCapacity,
} from "./capacity.js";
// The error base class and the AM's report shapes, for the CLI (library users get them from src/index.ts).
export { TsdaskError } from "../errors.js";
export type {
  StatusReport,
  ServiceStatus,
  ContainerInfo,
  FinalStatus,
  ScaleResponse,
  AdaptResponse,
} from "../control/index.js";
// The RM's vocabulary, for the CLI's use of a session's RM client (the CLI imports no yarn-rest).
export { TERMINAL_STATES } from "../yarn-rest/index.js";
export type { ApplicationFilter, ApplicationReport, ApplicationState } from "../yarn-rest/index.js";
export {
  aggregatedContainerLogs,
  hdfsSource,
  type AggregatedContainerLog,
  type AggregatedLogsOptions,
} from "./aggregated-logs.js";
export {
  containerRoles,
  launchesFromAmLog,
  serviceOfInstance,
  AM_LOG_FILE,
  type ContainerRole,
} from "./aggregated-services.js";
export * from "./local/index.js";
