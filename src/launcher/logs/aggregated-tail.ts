// The TailSource of stream-service.ts over YARN's aggregated logs: after a batch application ended,
// the part of a container's stdout/stderr the NodeManager no longer served, read from HDFS through
// WebHDFS (aggregated-logs.ts). Aggregation finishes a few seconds after the application does, so
// this waits for it, saying so once, for at most `waitMs`.
import { TsdaskError } from "../../errors.js";
import { aggregatedContainerLogs } from "./aggregated-logs.js";
import type { ClusterOptions } from "../cluster.js";
import type { LogTarget } from "./container-logs.js";
import type { TailSource } from "./stream-service.js";

const NOT_YET = new Set(["LOGS_NOT_AGGREGATED", "LOGS_NOT_AGGREGATED_YET"]);

export interface AggregatedTailOptions extends ClusterOptions {
  readonly appId: string;
  /** How long to wait for the aggregation to finish (default 60 s). */
  readonly waitMs?: number;
  /** Told once when the logs are not aggregated yet and the tail waits for them. */
  readonly onWait?: (what: string) => void;
}

/** The bytes of one aggregated file past `from`, keeping only those in memory; undefined: no such file. */
async function bytesAfter(o: AggregatedTailOptions, target: LogTarget, file: string, from: number) {
  for await (const log of aggregatedContainerLogs(o.appId, { ...o, containers: [target.containerId], files: [file] })) {
    const kept: Uint8Array[] = [];
    let at = 0;
    for await (const chunk of log.data) {
      if (at + chunk.byteLength > from) kept.push(chunk.subarray(Math.max(0, from - at)));
      at += chunk.byteLength;
    }
    return Buffer.concat(kept);
  }
  return undefined;
}

export function aggregatedTail(o: AggregatedTailOptions): TailSource {
  let told = false;
  return async (target, file, from) => {
    const deadline = Date.now() + (o.waitMs ?? 60_000);
    for (;;) {
      try {
        return await bytesAfter(o, target, file, from);
      } catch (err) {
        if (!(err instanceof TsdaskError && NOT_YET.has(err.code)) || Date.now() > deadline) throw err;
        if (!told)
          o.onWait?.(
            `waiting for YARN to aggregate the logs of ${o.appId} (for the rest of ${target.instanceId}'s output)`,
          );
        told = true;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  };
}
