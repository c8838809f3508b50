// Logs of finished containers, from the files YARN's log aggregation left in HDFS, read through
// WebHDFS byte ranges (no JVM, no `yarn logs`). The directories come from the conf dir
// (hadoop-conf/log-aggregation.ts); each node file's format is told by its last bytes (BCFile
// magic: TFile controller; the uuid that also opens it: indexed controller), so files written by
// either controller are read whatever the cluster is set to now.
import { findConfDir, loadConfDir, logAggregationDirs, remoteAppLogDirs } from "../../hadoop-conf/index.js";
import {
  type AggregatedLogFile,
  type AggregatedLogFilter,
  BCFILE_TAIL_SIZE,
  hasBcFileMagic,
  indexedContainerLogs,
  INDEXED_UUID_LENGTH,
  looksIndexed,
  parseChecksumFile,
  type RandomAccessSource,
  readExactly,
  tfileContainerLogs,
} from "../../hadoop-io/index.js";
import type { FileStatus, WebHdfsClient } from "../../webhdfs/index.js";
import { type ClusterOptions, openCluster } from "../cluster.js";
import { checkAppId, LauncherError } from "../errors.js";
// The RM says the NodeManagers have not finished writing: node files may be partial.
import { AGGREGATING } from "./aggregation-wait.js";

/** One log file of one finished container, its bytes as a stream. */
export interface AggregatedContainerLog extends AggregatedLogFile {
  /** The node file it came from, e.g. localhost_8041 (the NodeManager's host_port). */
  readonly node: string;
}

export interface AggregatedLogsOptions extends ClusterOptions {
  /** Only these containers (ids) or those the function accepts. */
  readonly containers?: readonly string[] | ((containerId: string) => boolean);
  /** Only these file names (e.g. ["stdout"]) or those the function accepts. */
  readonly files?: readonly string[] | ((file: string) => boolean);
  /**
   * The application is still running: read the closed log parts YARN's rolling aggregation has
   * uploaded so far (log-parts.ts). No error when there are none yet; node files being written
   * (.tmp) are skipped as always.
   */
  readonly running?: boolean;
}

const TMP_SUFFIX = ".tmp";
const CHECKSUM_SUFFIX = ".checksum";
/** Enough of a file's end to tell the formats apart: a BCFile tail, or int32 + uuid. */
const TAIL_PROBE = Math.max(BCFILE_TAIL_SIZE, 4 + INDEXED_UUID_LENGTH);

const predicate = (p: readonly string[] | ((s: string) => boolean) | undefined) =>
  p === undefined ? undefined : typeof p === "function" ? p : (s: string) => p.includes(s);

/** A file on HDFS as a RandomAccessSource: every read is one WebHDFS OPEN with offset and length. */
export function hdfsSource(hdfs: WebHdfsClient, path: string, size: number): RandomAccessSource {
  return {
    size,
    async read(offset, length) {
      const chunks: Buffer[] = [];
      for await (const c of await hdfs.open(path, { offset, length })) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    async *stream(offset, length) {
      if (length === 0) return;
      yield* (await hdfs.open(path, { offset, length })) as AsyncIterable<Buffer>;
    },
  };
}

/** The node files of the application's first aggregated-log directory that exists. */
async function nodeFiles(
  hdfs: WebHdfsClient,
  dirs: string[],
  appId: string,
  aggregationOn: boolean,
): Promise<{ dir: string; files: FileStatus[] }> {
  for (const dir of dirs) {
    if (!(await hdfs.statIfExists(dir))) continue;
    const files = (await hdfs.list(dir)).filter((f) => f.type === "FILE");
    const done = files.filter((f) => !f.name.endsWith(TMP_SUFFIX));
    if (done.length === 0 && files.length > 0)
      throw new LauncherError(
        "LOGS_NOT_AGGREGATED_YET",
        `the NodeManagers are still aggregating the logs of ${appId} (${dir} holds only ${TMP_SUFFIX} files)`,
        "Log aggregation ends a few seconds after the application; retry shortly.",
      );
    if (done.length > 0) return { dir, files: done };
  }
  throw new LauncherError(
    "LOGS_NOT_AGGREGATED",
    `no aggregated logs of ${appId} in HDFS (looked in ${dirs.join(", ")})`,
    aggregationOn
      ? "YARN writes them a few seconds after the application ends (retry shortly) and deletes them after " +
          "yarn.log-aggregation.retain-seconds. Check that the application id and user are right."
      : "yarn.log-aggregation-enable is not true in this Hadoop conf dir: if the cluster has it off too, its " +
          "NodeManagers keep finished containers' logs only on their local disks (yarn.nodemanager.log-dirs).",
  );
}

/**
 * The log files of an application's finished containers, node file by node file, as
 * YARN aggregated them. Each file's `data` must be consumed (or is skipped) before the next.
 */
export async function* aggregatedContainerLogs(
  appId: string,
  options: AggregatedLogsOptions = {},
): AsyncGenerator<AggregatedContainerLog> {
  checkAppId(appId);
  const session = await openCluster(options);
  const env = options.env ?? process.env;
  const conf = loadConfDir(findConfDir(options.hadoop?.confDir, env), env);
  // The indexed controller writes into the final node file (a .checksum marks where the last
  // complete write ended), so a listing alone cannot tell a finished file from one being written.
  const report = await session.rm.applicationReport(appId).catch(() => undefined); // forgotten by the RM: read on
  // YARN aggregates under the application's owner: on a Kerberized cluster that is the principal's
  // short name, not the local user name the session falls back to.
  const owner = report?.user || session.user;
  const dirs = logAggregationDirs(conf).flatMap((d) => remoteAppLogDirs(d, owner, appId));
  const aggregationOn = conf.getBoolean("yarn.log-aggregation-enable", false);
  if (!options.running && report?.logAggregationStatus && AGGREGATING.has(report.logAggregationStatus))
    throw new LauncherError(
      "LOGS_NOT_AGGREGATED_YET",
      `the NodeManagers are still aggregating the logs of ${appId} (the ResourceManager says ${report.logAggregationStatus})`,
      "Log aggregation ends a few seconds after the application; retry shortly.",
    );
  const found = await nodeFiles(session.hdfs, dirs, appId, aggregationOn).catch((err: unknown) => {
    if (options.running && err instanceof LauncherError && err.code.startsWith("LOGS_NOT_AGGREGATED")) return undefined;
    throw err;
  });
  if (!found) return;
  const { dir, files } = found;
  const filter: AggregatedLogFilter = { container: predicate(options.containers), file: predicate(options.files) };
  const ends = new Map<string, number>();
  for (const f of files.filter((f) => f.name.endsWith(CHECKSUM_SUFFIX))) {
    const src = hdfsSource(session.hdfs, `${dir}/${f.name}`, f.length);
    const { nodeFile, end } = parseChecksumFile(await readExactly(src, 0, f.length, f.name));
    ends.set(nodeFile, end);
  }
  for (const f of files.filter((f) => !f.name.endsWith(CHECKSUM_SUFFIX))) {
    const node = f.name;
    const src = hdfsSource(session.hdfs, `${dir}/${node}`, f.length);
    const end = ends.get(node) ?? f.length;
    if (end < TAIL_PROBE) continue; // nothing aggregated into it yet
    const tail = await readExactly(src, end - TAIL_PROBE, TAIL_PROBE, node);
    const head = await readExactly(src, 0, INDEXED_UUID_LENGTH, node);
    const logs = hasBcFileMagic(tail)
      ? tfileContainerLogs(src, node, filter)
      : looksIndexed(head, tail)
        ? indexedContainerLogs(src, node, filter, end)
        : undefined;
    if (!logs)
      throw new LauncherError(
        "LOGS_UNKNOWN_FORMAT",
        `${dir}/${node} is neither a TFile nor an indexed aggregated log`,
        "tsdask-yarn reads the formats of LogAggregationTFileController and LogAggregationIndexedFileController.",
      );
    for await (const log of logs) yield { ...log, node };
  }
}
