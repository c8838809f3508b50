// `tail -f` for running containers. The NodeManager has no offset parameter (its containerlogs
// endpoints take only format and size, where size=-N means "the last N bytes"), but its answer
// names the file's whole length. So each poll lists the files with their sizes, and for a file
// that grew asks for the last (growth + slack) bytes and keeps those past what was already
// given; only if the file outgrew the slack in between is it read whole.
// Rolled streams (control/log-parts.ts) are followed part by part: the part being written grows
// under its `.open` name and keeps its bytes when renamed, so its offset carries over; a part that
// left the node before it was read is read from the aggregated logs, or noted as missing.
import { TextDecoder } from "node:util";
import {
  logicalLogName,
  missingPartsNote,
  parsePartName,
  partFileName,
  ROLLED_STREAMS,
} from "../../control/log-parts.js";
import { TsdaskError } from "../../errors.js";
import {
  listLogFiles,
  onNode,
  readLogFile,
  type ContainerLog,
  type LogFile,
  type LogTarget,
  type NodeAccess,
} from "./container-logs.js";
import { sleep } from "../registration.js";
import type { AggregatedFiles } from "./rolled-logs.js";

export interface FollowLogsOptions {
  /** The HDFS/YARN user the NodeManagers are asked as. */
  /** The simple-auth user, or the session's auth and TLS (ClusterSession.nodeAccess). */
  readonly user: NodeAccess;
  /**
   * The containers to follow now. Asked at the start and every `refreshEvery` polls, so
   * containers that start later are picked up; undefined ends the follow (the application or
   * the one container asked for has ended). Containers that drop out are read a last time.
   */
  readonly targets: () => Promise<readonly LogTarget[] | undefined>;
  /** Only these files (e.g. ["stdout", "stderr"]). Default: every file. */
  readonly files?: readonly string[];
  /** false: only what is written from now on. Default true: each file's content so far first. */
  readonly fromStart?: boolean;
  readonly signal?: AbortSignal;
  /** Between polls (default 1000 ms). */
  readonly intervalMs?: number;
  /** Polls between calls of targets() (default 5). */
  readonly refreshEvery?: number;
  /**
   * "containerId/file" → bytes of the file yielded so far, kept up to date here. Pass a map to
   * know where the follow stopped (e.g. to read the rest from the aggregated logs).
   */
  readonly offsets?: Map<string, number>;
  /** Told when a container's NodeManager no longer has it (404) and it is dropped. */
  readonly onGone?: (target: LogTarget) => void;
  /** Where rolled parts that left the node are read from; absent: they are noted as missing. */
  readonly aggregated?: AggregatedFiles;
}

/** Bytes asked for beyond the growth the listing showed: what a file may gain in between. */
const SLACK = 64 * 1024;

/** A finished container's NodeManager answers 404 (its logs moved to aggregation): not an error here. */
const containerGone = (err: unknown) => err instanceof TsdaskError && err.code === "NM_HTTP_ERROR";

/**
 * Yields what the containers' log files gain, as it is written: one ContainerLog per file and
 * poll whose `text` is the new part. Ends when targets() says so or `signal` aborts.
 */
export async function* followContainerLogs(options: FollowLogsOptions): AsyncGenerator<ContainerLog> {
  const interval = options.intervalMs ?? 1000;
  const refreshEvery = Math.max(1, options.refreshEvery ?? 5);
  // containerId + "/" + file → bytes already yielded; a decoder per file keeps a UTF-8
  // character that straddles two polls whole.
  const offsets = options.offsets ?? new Map<string, number>();
  const decoders = new Map<string, TextDecoder>();
  // containerId + "/" + stream → the part being followed (rolled streams only).
  const cursors = new Map<string, number>();
  let active: LogTarget[] = [];
  const wanted = (name: string) => !options.files || options.files.includes(logicalLogName(name));

  function emit(t: LogTarget, key: string, file: string, fresh: Uint8Array): ContainerLog | undefined {
    let decoder = decoders.get(key);
    if (!decoder) decoders.set(key, (decoder = new TextDecoder()));
    const text = decoder.decode(fresh, { stream: true });
    return text ? { service: t.service, instanceId: t.instanceId, containerId: t.containerId, file, text } : undefined;
  }

  /** What `name` gained past the offset kept under `key` (the closed name, for a part). */
  async function* growth(t: LogTarget, key: string, f: LogFile): AsyncGenerator<ContainerLog> {
    let have = offsets.get(key);
    if (have === undefined && options.fromStart === false) {
      offsets.set(key, f.size);
      return;
    }
    have ??= 0;
    if (f.size === have) return;
    if (f.size < have) have = 0; // truncated or replaced: start over
    let read = await readLogFile(t, options.user, f.name, f.size - have + SLACK);
    if (read.length - read.bytes.byteLength > have) read = await readLogFile(t, options.user, f.name);
    if (read.length < have) have = 0;
    offsets.set(key, read.length);
    const l = emit(t, key, logicalLogName(f.name), read.bytes.subarray(have - (read.length - read.bytes.byteLength)));
    if (l) yield l;
  }

  /** A rolled stream: from the part followed so far to the one being written (see top). */
  async function* parts(t: LogTarget, stream: (typeof ROLLED_STREAMS)[number], listed: LogFile[]) {
    const local = new Map<number, LogFile & { open: boolean }>();
    for (const f of listed.filter(onNode)) {
      const p = parsePartName(f.name);
      if (p?.stream === stream) local.set(p.part, { ...f, open: p.open });
    }
    if (local.size === 0) return;
    const last = Math.max(...local.keys());
    const ckey = `${t.containerId}/${stream}`;
    let q = cursors.get(ckey) ?? (options.fromStart === false ? last : 1);
    for (; q <= last; q++) {
      const key = `${t.containerId}/${partFileName(stream, q, false)}`;
      const f = local.get(q);
      if (f) {
        try {
          yield* growth(t, key, f);
        } catch (err) {
          if (containerGone(err)) break; // renamed or uploaded since the listing: next poll
          throw err;
        }
        if (f.open) break;
        continue;
      }
      const bytes = await options.aggregated?.bytes(t.containerId, partFileName(stream, q, false));
      const l = bytes
        ? emit(t, key, stream, bytes.subarray(offsets.get(key) ?? 0))
        : {
            service: t.service,
            instanceId: t.instanceId,
            containerId: t.containerId,
            file: stream,
            text: missingPartsNote(stream, [q]),
          };
      if (bytes) offsets.set(key, bytes.byteLength);
      if (l) yield l;
    }
    cursors.set(ckey, q);
    // The stream is known to roll from here on, even while its part is empty (stream-service's tail).
    const at = `${t.containerId}/${partFileName(stream, q, false)}`;
    if (!offsets.has(at)) offsets.set(at, 0);
  }

  async function* poll(t: LogTarget): AsyncGenerator<ContainerLog> {
    const listed = await listLogFiles(t, options.user);
    for (const f of listed.filter(onNode))
      if (!parsePartName(f.name) && wanted(f.name)) yield* growth(t, `${t.containerId}/${f.name}`, f);
    for (const stream of ROLLED_STREAMS) if (wanted(stream)) yield* parts(t, stream, listed);
  }

  /** Polls `t`; false when its NodeManager no longer has it. */
  async function* pollOrDrop(t: LogTarget): AsyncGenerator<ContainerLog, boolean> {
    try {
      yield* poll(t);
      return true;
    } catch (err) {
      if (!containerGone(err)) throw err;
      options.onGone?.(t);
      return false;
    }
  }

  for (let tick = 0; !options.signal?.aborted; tick++) {
    if (tick % refreshEvery === 0) {
      const now = await options.targets();
      const ids = new Set(now?.map((t) => t.containerId));
      // What a container wrote just before it stopped is read once more before it is dropped.
      for (const t of active.filter((a) => !ids.has(a.containerId))) yield* pollOrDrop(t);
      if (now === undefined) return;
      active = [...now];
    }
    const kept: LogTarget[] = [];
    for (const t of active) if (yield* pollOrDrop(t)) kept.push(t);
    active = kept;
    await sleep(interval, options.signal);
  }
}
