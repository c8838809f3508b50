// The launcher's barrel: what the CLI (src/cli) and the library entry (src/index.ts) use, and
// nothing else. Tests and the bench import the module they test directly. The Python package
// drives the CLI, so it needs nothing here.
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
  scaleService,
  shutdown,
  kill,
  waitForFinish,
  exitCodeOf,
  applicationReport,
  type ConnectOptions,
  type ConnectedApplication,
  type WaitOptions,
} from "./connect.js";
export { securityOf, type SecurityOptions } from "./access.js";
export type { ScaleResult } from "./scale-outcome.js";
export { cleanCache, type CacheReport } from "./cache-admin.js";
export { clusterClients, nodeAccessFor, type ClusterClients, type ClusterOptions } from "./cluster.js";
export { type Leftover, type SubmitEvent, type SubmitListener, type UploadKind } from "./events.js";
export { credentials, refreshCredentials } from "./credentials.js";
export { type WrittenCredentials } from "./app-tls.js";
export { checkAppId } from "./errors.js";
export { checkLocalInputs } from "./preflight.js";
export { controlUrlOf } from "./registration.js";
export { proxiedPageUrl, proxiedPageUrlOf } from "./proxy-url.js";
export { YarnCluster, type AttachOptions, type LogsOptions } from "./yarn-cluster.js";
export { type YarnClusterOptions, type MemorySize } from "./yarn-cluster-options.js";
export { waitForDask } from "./dask-ready.js";
export { startApplication, clusterOptionsOf, type StartedApplication, type StartOptions } from "./start.js";
export { logTargets, readContainerLogs, AM_SERVICE, type LogTarget, type NodeAccess } from "./logs/container-logs.js";
export { followContainerLogs } from "./logs/follow-logs.js";
export { aggregatedFiles, readStreams, type AggregatedFiles } from "./logs/rolled-logs.js";
export { aggregatedTail } from "./logs/aggregated-tail.js";
export { streamService, type TailSource } from "./logs/stream-service.js";
export { freeText, queueCapacity, queueIsShort, type QueueCapacity } from "./capacity.js";
export {
  TERMINAL_STATES,
  type ApplicationFilter,
  type ApplicationReport,
  type ApplicationState,
} from "../yarn-rest/index.js";
export { aggregatedContainerLogs } from "./logs/aggregated-logs.js";
export { waitForLogAggregation, AGGREGATION_WAIT_MS } from "./logs/aggregation-wait.js";
export { containerRoles, type ContainerRole } from "./logs/aggregated-services.js";
export {
  submitLocal,
  type RunningLocalApplication,
  killLocal,
  listLocal,
  localReports,
  readLocalApp,
  localContainerLogs,
  waitForLocalEnd,
  isLocalAppId,
  followLocalLogs,
  readLocalLogs,
} from "./local/index.js";
