// Where the NodeManagers put finished containers' logs (yarn-site.xml), per file controller:
//   yarn.log-aggregation.file-formats                       controllers, the first writes (default TFile)
//   yarn.log-aggregation.<NAME>.remote-app-log-dir          else yarn.nodemanager.remote-app-log-dir (/tmp/logs)
//   yarn.log-aggregation.<NAME>.remote-app-log-dir-suffix   else <yarn.nodemanager.remote-app-log-dir-suffix
//                                                           (logs)>-<name in lower case>, e.g. logs-tfile
// and the application directories Hadoop 3.3+ writes and reads (LogAggregationUtils):
//   <dir>/<user>/bucket-<suffix>/<appId's number % 10000, 4 digits>/<appId>/<node files>
//   <dir>/<user>/<suffix>/<appId>/                          (older releases; still read)
import type { HadoopConfiguration } from "./configuration.js";

export interface LogAggregationDir {
  /** The controller's name in yarn.log-aggregation.file-formats, e.g. TFile, IndexedFormat. */
  readonly controller: string;
  readonly remoteDir: string;
  readonly suffix: string;
}

export function logAggregationDirs(conf: HadoopConfiguration): LogAggregationDir[] {
  const formats = conf.getStrings("yarn.log-aggregation.file-formats");
  const names = formats.length ? formats : ["TFile"];
  const baseDir = conf.getTrimmed("yarn.nodemanager.remote-app-log-dir") ?? "/tmp/logs";
  const baseSuffix = conf.getTrimmed("yarn.nodemanager.remote-app-log-dir-suffix") ?? "logs";
  const seen = new Set<string>();
  const out: LogAggregationDir[] = [];
  for (const controller of names) {
    const remoteDir = (conf.getTrimmed(`yarn.log-aggregation.${controller}.remote-app-log-dir`) ?? baseDir).replace(
      /\/+$/,
      "",
    );
    const suffix =
      conf.getTrimmed(`yarn.log-aggregation.${controller}.remote-app-log-dir-suffix`) ??
      `${baseSuffix}-${controller.toLowerCase()}`;
    const key = `${remoteDir}\n${suffix}`;
    if (!seen.has(key)) out.push({ controller, remoteDir, suffix });
    seen.add(key);
  }
  return out;
}

/** The application's directories under one controller's root: the bucketed one first. */
export function remoteAppLogDirs(d: LogAggregationDir, user: string, appId: string): string[] {
  const id = /^application_\d+_(\d+)$/.exec(appId)?.[1];
  const dirs = [];
  if (id !== undefined) {
    const bucket = String(Number(id) % 10000).padStart(4, "0");
    dirs.push(`${stripScheme(d.remoteDir)}/${user}/bucket-${d.suffix}/${bucket}/${appId}`);
  }
  dirs.push(`${stripScheme(d.remoteDir)}/${user}/${d.suffix}/${appId}`);
  return dirs;
}

/** hdfs://nn:8020/tmp/logs → /tmp/logs (WebHDFS takes paths on the default file system). */
function stripScheme(dir: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(dir);
  return m ? (m[1] ?? "/").replace(/\/+$/, "") || "" : dir;
}
