// Reading rolled container logs (control/log-parts.ts) as the streams they are: a container's
// stdout is its parts in order, wherever each part is now — still on the NodeManager, or already
// uploaded by YARN's rolling aggregation (and deleted from the node) — then the plain redirect file.
// A part is immutable once closed, so the two copies are the same bytes and either may be read.
// What is shown of a stream is precisely: every part still on the node or in the aggregated logs,
// in order, with a note where parts left the node before they were aggregated (the node keeps
// `logs.parts` files per stream; aggregation runs every roll-monitoring interval).
import { logicalLogName, missingPartsNote, orderStream, parsePartName } from "../../control/log-parts.js";
import { TsdaskError } from "../../errors.js";
import { aggregatedContainerLogs } from "./aggregated-logs.js";
import type { ClusterOptions } from "../cluster.js";
import {
  listLogFiles,
  onNode,
  readLogFile,
  type ContainerLog,
  type LogTarget,
  type NodeAccess,
} from "./container-logs.js";

/** The aggregated copies of an application's log files (for a running one: the parts uploaded so far). */
export interface AggregatedFiles {
  /** containerId → the file names aggregated for it. */
  names(): Promise<Map<string, Set<string>>>;
  /** One file's bytes; undefined when it is not (or no longer) aggregated. */
  bytes(containerId: string, file: string): Promise<Uint8Array | undefined>;
}

export function aggregatedFiles(appId: string, options: ClusterOptions, running: boolean): AggregatedFiles {
  return {
    async names() {
      const out = new Map<string, Set<string>>();
      const files = (containerId: string) => (file: string) => {
        let set = out.get(containerId);
        if (!set) out.set(containerId, (set = new Set()));
        set.add(file);
        return false; // names only: the data is skipped
      };
      let current = "";
      const logs = aggregatedContainerLogs(appId, {
        ...options,
        running,
        containers: (id) => ((current = id), true),
        files: (f) => files(current)(f),
      });
      for await (const log of logs) void log; // nothing is yielded: files() refuses every file
      return out;
    },
    async bytes(containerId, file) {
      for await (const log of aggregatedContainerLogs(appId, {
        ...options,
        running,
        containers: [containerId],
        files: [file],
      })) {
        const chunks: Uint8Array[] = [];
        for await (const c of log.data) chunks.push(c);
        return Buffer.concat(chunks);
      }
      return undefined;
    },
  };
}

const nmGone = (err: unknown) => err instanceof TsdaskError && err.code === "NM_HTTP_ERROR";

/**
 * The files of one running container, each rolled stream joined from its parts (see top), others
 * as they are. `aggregated` gives the parts already uploaded; without it, only the node's.
 */
export async function readStreams(
  target: LogTarget,
  user: NodeAccess,
  aggregated?: { readonly names: ReadonlySet<string>; readonly files: AggregatedFiles },
  chosen: (name: string) => boolean = () => true,
): Promise<ContainerLog[]> {
  const local = new Set((await listLogFiles(target, user)).filter(onNode).map((f) => f.name));
  const all = new Set([...local, ...(aggregated?.names ?? [])]);
  const logical = [...new Set([...all].map(logicalLogName))].filter(chosen);
  const out: ContainerLog[] = [];
  for (const name of logical) {
    const rolled = [...all].some((n) => parsePartName(n)?.stream === name);
    const text = rolled
      ? await joinParts(target, user, all, local, name, aggregated?.files)
      : local.has(name)
        ? new TextDecoder().decode((await readLogFile(target, user, name)).bytes)
        : "";
    out.push({
      service: target.service,
      instanceId: target.instanceId,
      containerId: target.containerId,
      file: name,
      text,
    });
  }
  return out;
}

async function joinParts(
  target: LogTarget,
  user: NodeAccess,
  all: ReadonlySet<string>,
  local: ReadonlySet<string>,
  stream: string,
  aggregated: AggregatedFiles | undefined,
): Promise<string> {
  const { pieces, missing } = orderStream(all, stream);
  const decoder = new TextDecoder();
  let text = "";
  let gap: number[] = [];
  const flushGap = (before: number) => {
    const here = missing.filter((n) => n < before && !gap.includes(n));
    gap = [...gap, ...here];
    if (here.length) text += missingPartsNote(stream, here);
  };
  for (const piece of pieces) {
    flushGap(piece.part);
    let bytes: Uint8Array | undefined;
    if (local.has(piece.name)) {
      bytes = await readLogFile(target, user, piece.name).then(
        (r) => r.bytes,
        (err: unknown) => {
          if (nmGone(err)) return undefined; // uploaded and deleted between the listing and the read
          throw err;
        },
      );
    }
    bytes ??= await aggregated?.bytes(target.containerId, piece.name);
    if (bytes === undefined && Number.isFinite(piece.part)) text += missingPartsNote(stream, [piece.part]);
    else if (bytes) text += decoder.decode(bytes, { stream: true });
  }
  return text + decoder.decode();
}
