// A local application's container logs as ContainerLog records: read whole (logs()) or followed as
// they grow (followLogs(), `logs --follow`) until the AM is gone. The files are on this disk, so
// following is reading what was appended since the last look, once a second.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ContainerLog } from "../logs/container-logs.js";
import type { LocalApp } from "./apps.js";
import { FileTail, localContainerLogs, type LocalContainerLogs } from "./batch.js";

const FOLLOW_MS = 1_000;
/** What a container's log directory holds besides the logs. */
const NOT_LOGS = new Set(["instance"]);

const serviceOf = (instanceId: string) => instanceId.replace(/_\d+$/, "");

function selected(dir: string, services: readonly string[] | undefined): LocalContainerLogs[] {
  return localContainerLogs(dir).filter((c) => !services || services.includes(serviceOf(c.instanceId)));
}

export function readLocalLogs(dir: string, services?: readonly string[], file?: string): ContainerLog[] {
  return selected(dir, services).flatMap((c) =>
    (existsSync(c.dir) ? readdirSync(c.dir) : [])
      .filter((f) => !NOT_LOGS.has(f) && (!file || f === file))
      .sort()
      .map((f) => ({
        service: serviceOf(c.instanceId),
        instanceId: c.instanceId,
        containerId: c.containerId,
        file: f,
        text: new FileTail(join(c.dir, f)).read(),
      })),
  );
}

export async function* followLocalLogs(
  app: () => LocalApp,
  services?: readonly string[],
  file?: string,
  signal?: AbortSignal,
): AsyncGenerator<ContainerLog> {
  const tails = new Map<string, FileTail>();
  for (;;) {
    const a = app();
    for (const c of selected(a.dir, services)) {
      for (const f of file ? [file] : ["stdout", "stderr"]) {
        const key = `${c.containerId}/${f}`;
        let tail = tails.get(key);
        if (!tail) tails.set(key, (tail = new FileTail(join(c.dir, f))));
        const text = tail.read();
        if (text)
          yield {
            service: serviceOf(c.instanceId),
            instanceId: c.instanceId,
            containerId: c.containerId,
            file: f,
            text,
          };
      }
    }
    if (!a.running || signal?.aborted) return;
    await new Promise((r) => setTimeout(r, FOLLOW_MS));
  }
}
