// Live output of one service instance (the dask.client script, or `--stream SERVICE`) while a
// batch application runs: its stdout and stderr through the NodeManager as they are written, then,
// once the application is over, whatever the NodeManager no longer served from the aggregated logs
// (the `tail` seam), starting exactly where the live part stopped: no line lost, none repeated.
import type { StatusReport } from "../../control/index.js";
import { parsePartName, partFileName, type RolledStream } from "../../control/log-parts.js";
import { logTargets, type ContainerLog, type LogTarget, type NodeAccess } from "./container-logs.js";
import { followContainerLogs } from "./follow-logs.js";

/** The files a running process writes to; YARN redirects the container's stdout and stderr there. */
export const OUTPUT_FILES = ["stdout", "stderr"] as const;

/**
 * A finished container's log file past byte `from` (from the aggregated logs), or undefined when
 * the file is not there. Called after the end, once per file the NodeManager stopped serving.
 */
export type TailSource = (target: LogTarget, file: string, from: number) => Promise<Uint8Array | undefined>;

export interface StreamServiceOptions {
  /** The user the NodeManagers are asked as. */
  readonly user: NodeAccess;
  /** A service name (its instance 0 is followed) or an instance id such as `web_1`. */
  readonly instance: string;
  /** The AM's latest status report (kept fresh by the caller), undefined while there is none. */
  readonly status: () => StatusReport | undefined;
  /** True once the application is over: the follow then ends and the tail is read. */
  readonly ended: () => boolean;
  readonly tail?: TailSource;
  readonly signal?: AbortSignal;
  readonly intervalMs?: number;
}

/** The instance id a `--stream` value names: a service name means its first instance. */
export function instanceOf(name: string, services: readonly string[]): string {
  return services.includes(name) ? `${name}_0` : name;
}

/** Yields the instance's output as it is written, then the rest after the end (see top). */
export async function* streamService(options: StreamServiceOptions): AsyncGenerator<ContainerLog> {
  const offsets = new Map<string, number>();
  // Containers whose NodeManager stopped answering for them (404 once YARN moved their logs to
  // aggregation) before their last bytes were read: only these need the tail.
  const gone = new Map<string, LogTarget>();
  let last: LogTarget[] = [];
  const targets = async (): Promise<LogTarget[] | undefined> => {
    if (options.ended()) return undefined;
    const s = options.status();
    if (s) {
      const id = instanceOf(
        options.instance,
        s.services.map((x) => x.name),
      );
      last = logTargets(s).filter((t) => t.instanceId === id);
    }
    return last;
  };
  yield* followContainerLogs({
    user: options.user,
    targets,
    files: [...OUTPUT_FILES],
    offsets,
    onGone: (t) => gone.set(t.containerId, t),
    refreshEvery: 1,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!options.tail || options.signal?.aborted) return;
  const tail = options.tail;
  for (const t of gone.values()) {
    for (const file of OUTPUT_FILES) {
      const pieces = [...(await partsTail(t, file, offsets, tail))];
      const rest = await tail(t, file, offsets.get(`${t.containerId}/${file}`) ?? 0);
      if (rest) pieces.push(rest);
      const text = new TextDecoder().decode(Buffer.concat(pieces));
      if (text) yield { service: t.service, instanceId: t.instanceId, containerId: t.containerId, file, text };
    }
  }
}

/**
 * A rolled stream's rest (control/log-parts.ts): from the last part the follow read (or the first),
 * each part past what was read, closed or (the container's last part) still `.open`, until a part
 * number that is not there. A container the follow never saw (a short script that ended between two
 * polls) starts at part 1: no part 1 in the aggregated logs means the container did not roll.
 */
async function partsTail(t: LogTarget, stream: RolledStream, offsets: Map<string, number>, tail: TailSource) {
  const prefix = `${t.containerId}/`;
  let q = 0;
  for (const key of offsets.keys()) {
    const p = key.startsWith(prefix) ? parsePartName(key.slice(prefix.length)) : undefined;
    if (p?.stream === stream) q = Math.max(q, p.part);
  }
  const out: Uint8Array[] = [];
  for (q = Math.max(q, 1); ; q++) {
    const from = offsets.get(`${prefix}${partFileName(stream, q, false)}`) ?? 0;
    const rest =
      (await tail(t, partFileName(stream, q, false), from)) ?? (await tail(t, partFileName(stream, q, true), from));
    if (rest === undefined) return out;
    out.push(rest);
  }
}
