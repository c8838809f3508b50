// Local mode (submit --local): the same application spec run as processes on this machine.
export { submitLocal, type LocalSubmitOptions, type RunningLocalApplication } from "./submit.js";
export { killLocal, listLocal, localReport, localReports, readLocalApp, type LocalApp } from "./apps.js";
export {
  localContainerLogs,
  waitForLocalEnd,
  FileTail,
  type LocalBatchOptions,
  type LocalContainerLogs,
} from "./batch.js";
export { localEnvironment } from "./environment.js";
export { localAppsDir, localHome } from "./home.js";
export { isLocalAppId } from "../../control/local-layout.js";
export { followLocalLogs, readLocalLogs } from "./follow.js";
