// `tail -f` for running containers. The NodeManager has no offset parameter (its containerlogs
// endpoints take only format and size, where size=-N means "the last N bytes"), but its answer
// names the file's whole length. So each poll lists the files with their sizes, and for a file
// that grew asks for the last (growth + slack) bytes and keeps those past what was already
// given; only if the file outgrew the slack in between is it read whole.
import { TextDecoder } from "node:util";
import { TsdaskError } from "../../errors.js";
import { listLogFiles, readLogFile, type ContainerLog, type LogTarget, type NodeAccess } from "./container-logs.js";
import { sleep } from "../registration.js";

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
  let active: LogTarget[] = [];

  async function* poll(t: LogTarget): AsyncGenerator<ContainerLog> {
    const files = (await listLogFiles(t, options.user)).filter((f) => !options.files || options.files.includes(f.name));
    for (const f of files) {
      const key = `${t.containerId}/${f.name}`;
      let have = offsets.get(key);
      if (have === undefined && options.fromStart === false) {
        offsets.set(key, f.size);
        continue;
      }
      have ??= 0;
      if (f.size === have) continue;
      if (f.size < have) have = 0; // truncated or replaced: start over
      let read = await readLogFile(t, options.user, f.name, f.size - have + SLACK);
      if (read.length - read.bytes.byteLength > have) read = await readLogFile(t, options.user, f.name);
      if (read.length < have) have = 0;
      const fresh = read.bytes.subarray(have - (read.length - read.bytes.byteLength));
      offsets.set(key, read.length);
      let decoder = decoders.get(key);
      if (!decoder) decoders.set(key, (decoder = new TextDecoder()));
      const text = decoder.decode(fresh, { stream: true });
      if (text) yield { service: t.service, instanceId: t.instanceId, containerId: t.containerId, file: f.name, text };
    }
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
