// submit --local --wait: streams a service's stdout/stderr from its containers' log files as they
// grow (there is no NodeManager to ask: the files are on this disk), and waits for the AM to exit.
// The final status comes from final.json, as the RM's report carries it for a YARN application.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import type { ControlClient, StatusReport } from "../../control/index.js";
import { INSTANCE_FILE, LOCAL_FILES } from "../../control/local-layout.js";
import type { ApplicationReport } from "../../yarn-rest/index.js";
import { localReport, readLocalApp } from "./apps.js";

/** Reads what was appended to a file since the last call. */
export class FileTail {
  private offset = 0;
  constructor(private readonly path: string) {}

  read(): string {
    if (!existsSync(this.path)) return "";
    const fd = openSync(this.path, "r");
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return "";
      const buf = Buffer.alloc(size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  }
}

export interface LocalContainerLogs {
  readonly containerId: string;
  readonly instanceId: string;
  readonly dir: string;
}

/** The containers whose instance is `selector` or belongs to the service `selector` (all: undefined). */
export function localContainerLogs(appDir: string, selector?: string): LocalContainerLogs[] {
  const logs = join(appDir, LOCAL_FILES.logs);
  if (!existsSync(logs)) return [];
  return readdirSync(logs)
    .sort()
    .flatMap((containerId) => {
      const dir = join(logs, containerId);
      const f = join(dir, INSTANCE_FILE);
      const instanceId = existsSync(f) ? readFileSync(f, "utf8").trim() : "appmaster";
      const service = instanceId.replace(/_\d+$/, "");
      return selector === undefined || selector === instanceId || selector === service
        ? [{ containerId, instanceId, dir }]
        : [];
    });
}

export interface LocalBatchOptions {
  /** The service or instance (`<service>_<i>`) whose output to stream; none when undefined. */
  readonly stream?: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly signal?: AbortSignal;
  /** Epoch ms; Infinity for none. Resolves with undefined when it passes. */
  readonly deadline: number;
  readonly onStatus?: (s: StatusReport) => void;
}

const TICK_MS = 200;

/** Waits for the AM process to exit; returns the final report, or undefined at the deadline/abort. */
export async function waitForLocalEnd(
  app: { appId: string; dir: string; client: ControlClient; exited: Promise<void> },
  o: LocalBatchOptions,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<ApplicationReport | undefined> {
  let done = false;
  void app.exited.then(() => (done = true));
  const tails = new Map<string, { out: FileTail; err: FileTail }>();
  const pump = () => {
    for (const c of o.stream ? localContainerLogs(app.dir, o.stream) : []) {
      if (!tails.has(c.containerId))
        tails.set(c.containerId, {
          out: new FileTail(join(c.dir, "stdout")),
          err: new FileTail(join(c.dir, "stderr")),
        });
    }
    for (const t of tails.values()) {
      const a = t.out.read();
      if (a) o.out(a);
      const b = t.err.read();
      if (b) o.err(b);
    }
  };
  for (let i = 0; ; i++) {
    if (!done && o.onStatus && i % 5 === 0) {
      const s = await app.client.status().catch(() => undefined);
      if (s) o.onStatus(s);
    }
    // `done` is read before the last pump: everything written before the AM exited is streamed.
    const ended = done;
    pump();
    if (ended) return localReport(readLocalApp(app.appId, env));
    if (o.signal?.aborted || Date.now() > o.deadline) return undefined;
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
}
