// One container stream (stdout or stderr) written as size-bounded parts in the container's log
// dir (names and the reading contract: control/log-parts.ts). A part is closed by renaming it from
// `.open` to its final name once it holds `partBytes`; then the oldest closed parts still on the
// node beyond `parts - 1` are deleted, so the stream never takes more than parts × partBytes of
// the NodeManager's disk. Parts YARN's rolling aggregation already uploaded are gone from the dir
// (the NodeManager deletes what it uploads), so they do not count. Writes are synchronous: the
// wrapper does little else, and a synchronous write is in the file when the wrapper exits.
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { parsePartName, partFileName, type RolledStream } from "../control/log-parts.js";
import { SERVICE_ENV } from "../control/runtime.js";

export interface RollPolicy {
  /** Bytes per part (the last part of a stream may be shorter). */
  readonly partBytes: number;
  /** Files kept per stream on the node, the one being written included (≥ 2). */
  readonly parts: number;
}

export class RollingLog {
  private part: number;
  private fd: number;
  private size = 0;

  constructor(
    private readonly dir: string,
    private readonly stream: RolledStream,
    private readonly policy: RollPolicy,
  ) {
    // A wrapper restarted in the same log dir (not done by YARN today) continues the numbering.
    this.part = this.localParts().reduce((max, p) => Math.max(max, p), 0) + 1;
    this.fd = openSync(this.file(true), "a", 0o640);
  }

  private file(open: boolean, part = this.part): string {
    return path.join(this.dir, partFileName(this.stream, part, open));
  }

  /** Numbers of this stream's closed parts still in the dir. */
  private localParts(): number[] {
    const out: number[] = [];
    for (const name of readdirSync(this.dir)) {
      const p = parsePartName(name);
      if (p && p.stream === this.stream && !p.open) out.push(p.part);
    }
    return out;
  }

  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.byteLength) {
      const room = this.policy.partBytes - this.size;
      const n = Math.min(room, chunk.byteLength - at);
      let done = 0;
      while (done < n) done += writeSync(this.fd, chunk, at + done, n - done);
      this.size += n;
      at += n;
      if (this.size >= this.policy.partBytes) this.roll();
    }
  }

  private roll(): void {
    closeSync(this.fd);
    renameSync(this.file(true), this.file(false));
    this.part += 1;
    this.size = 0;
    this.fd = openSync(this.file(true), "a", 0o640);
    const keep = Math.max(1, this.policy.parts - 1);
    const closed = this.localParts().sort((a, b) => a - b);
    for (const old of closed.slice(0, Math.max(0, closed.length - keep)))
      rmSync(this.file(false, old), { force: true });
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Where and how to roll, from the container's environment; undefined: write straight through (no
 * policy from the AM, or a log dir the NodeManager did not expand, e.g. the local backend's).
 */
export function rollPolicyFrom(
  env: Readonly<Record<string, string | undefined>>,
): (RollPolicy & { readonly dir: string }) | undefined {
  const dir = env[SERVICE_ENV.logDir];
  const partBytes = Number(env[SERVICE_ENV.logPartBytes]);
  const parts = Number(env[SERVICE_ENV.logParts]);
  if (!dir || !path.isAbsolute(dir)) return undefined;
  if (!(Number.isInteger(partBytes) && partBytes > 0 && Number.isInteger(parts) && parts >= 2)) return undefined;
  return { dir, partBytes, parts };
}
