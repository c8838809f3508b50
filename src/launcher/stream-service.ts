// Live output of one service instance (the dask.client script, or `--stream SERVICE`) while a
// batch application runs: its stdout and stderr through the NodeManager as they are written, then,
// once the application is over, whatever the NodeManager no longer served from the aggregated logs
// (the `tail` seam), starting exactly where the live part stopped: no line lost, none repeated.
import type { StatusReport } from "../control/index.js";
import { logTargets, type ContainerLog, type LogTarget } from "./container-logs.js";
import { followContainerLogs } from "./follow-logs.js";

/** The files a running process writes to; YARN redirects the container's stdout and stderr there. */
export const OUTPUT_FILES = ["stdout", "stderr"] as const;

/**
 * A finished container's whole log file (from the aggregated logs), or undefined when it cannot be
 * read (aggregation off, not done yet, or no reader). Called once per file after the end.
 */
export type TailSource = (target: LogTarget, file: string) => Promise<Uint8Array | undefined>;

export interface StreamServiceOptions {
  /** The user the NodeManagers are asked as. */
  readonly user: string;
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
  // Every container the instance ran in (a restart is a new container), in order.
  const followed = new Map<string, LogTarget>();
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
      for (const t of last) followed.set(t.containerId, t);
    }
    return last;
  };
  yield* followContainerLogs({
    user: options.user,
    targets,
    files: [...OUTPUT_FILES],
    offsets,
    refreshEvery: 1,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!options.tail || options.signal?.aborted) return;
  for (const t of followed.values()) {
    for (const file of OUTPUT_FILES) {
      const whole = await options.tail(t, file).catch(() => undefined);
      const have = offsets.get(`${t.containerId}/${file}`) ?? 0;
      if (!whole || whole.byteLength <= have) continue;
      const text = new TextDecoder().decode(whole.subarray(have));
      yield { service: t.service, instanceId: t.instanceId, containerId: t.containerId, file, text };
    }
  }
}
