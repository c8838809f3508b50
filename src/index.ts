// The package's public surface (`import { YarnCluster } from "tsdask-yarn"`): the library and
// nothing internal. The CLI, the AM and the tests use the layers' own barrels (launcher/index.ts,
// ...); what is exported here is what users may rely on across versions.
//
//   await using cluster = await YarnCluster.start({ environment: "env.tar.gz", nWorkers: 4 });
//   const app = await submit(loadSpec({ specFile: "app.yaml" }).spec);   // any services
//   await (await connect(app.appId)).client.scale("dask.worker", 8);
//   const end = await waitForFinish(app.appId);                         // → exitCodeOf(end.finalStatus)
//   await kill(app.appId);                                               // REST kill + staging removed
//
// Failures are TsdaskError subclasses with a stable `code` (ErrorCode) and a `kind` (ErrorKind).

// The dask cluster, dask-yarn style.
export { YarnCluster, type YarnClusterOptions, type MemorySize } from "./launcher/index.js";
export type { AttachOptions, LogsOptions } from "./launcher/index.js";

// Any application from a spec: submit, reach it later, wait for its end, kill it.
export { submit, stageAndSubmit, connect, status, scale, shutdown, kill } from "./launcher/index.js";
export { waitForFinish, exitCodeOf, applicationReport, credentials, refreshCredentials } from "./launcher/index.js";
export type { SubmitOptions, SubmittedApplication, RunningApplication, WaitOptions } from "./launcher/index.js";
export type { ConnectOptions, ConnectedApplication, WrittenCredentials } from "./launcher/index.js";
export type { ClusterOptions, SecurityOptions } from "./launcher/index.js";
export type { Leftover, SubmitEvent, SubmitListener, UploadKind } from "./launcher/index.js";
export { loadSpec, type LoadSpecOptions, type LoadedSpec } from "./spec/index.js";
export type { ApplicationSpec, ServiceSpec, HadoopSpec } from "./spec/index.js";

// Errors: one base class; `code` for matching, `kind` for what to do about it.
export { TsdaskError, RemoteJavaError, type ErrorCode, type ErrorKind } from "./errors.js";
export { SpecError } from "./spec/errors.js";
export { LauncherError } from "./launcher/errors.js";
export { ControlError } from "./control/errors.js";

// Reports: the RM's view of an application and the AM's own.
export type { ApplicationReport, ApplicationState, FinalApplicationStatus } from "./yarn-rest/types.js";
export type { StatusReport, ServiceStatus, ContainerInfo, FinalStatus } from "./control/index.js";
export type { ScaleResponse, AdaptResponse, ShutdownResponse } from "./control/index.js";
