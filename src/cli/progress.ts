// Submit's progress on stderr (stdout carries only the application id): on a terminal one line
// redrawn in place for uploads and worker counts; otherwise plain lines, one per step, with
// upload progress only at the end of each upload so CI logs stay readable.
import type { SubmitEvent } from "../launcher/index.js";
import { describeRuntime } from "../launcher/runtime/describe.js";
import type { Io } from "./io.js";

const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

export class Progress {
  #live = false;

  constructor(
    private readonly io: Io,
    private readonly quiet = false,
  ) {}

  /** A line that replaces itself on a terminal; nothing when not a terminal (the step line follows). */
  live(text: string): void {
    if (this.quiet || !this.io.stderrTTY) return;
    this.io.err(`\r\x1b[2K${text}`);
    this.#live = true;
  }

  /** A state that changed (call only on a change): redrawn in place on a terminal, else one line. */
  changed(text: string): void {
    if (this.io.stderrTTY) this.live(text);
    else this.line(text);
  }

  line(text: string): void {
    if (this.quiet) return;
    if (this.#live) this.io.err("\r\x1b[2K");
    this.#live = false;
    this.io.err(`${text}\n`);
  }

  /** Ends a live line (before the program prints anything else). */
  done(): void {
    if (this.#live) this.io.err("\n");
    this.#live = false;
  }

  event = (e: SubmitEvent): void => {
    switch (e.kind) {
      case "new-application":
        return this.line(`application ${e.appId}`);
      case "runtime-chosen":
        return this.line(`runtime: ${describeRuntime(e.info)}`);
      case "runtime-archive":
        if (e.packed) this.line(`packed the runtime archive in ${e.packMs} ms`);
        return;
      case "upload-progress": {
        const pct = e.total ? ` ${Math.floor((100 * e.sent) / e.total)}%` : "";
        return this.live(`uploading ${e.what} ${e.name}: ${mib(e.sent)}${e.total ? ` of ${mib(e.total)}` : ""}${pct}`);
      }
      case "uploaded":
        return this.line(
          e.transferred
            ? `uploaded ${e.what} ${e.name} (${mib(e.bytes)} in ${(e.ms / 1000).toFixed(1)} s)`
            : `${e.what} ${e.name}: already in the cache, nothing uploaded`,
        );
      case "capacity-warning":
        return this.line(`warning: ${e.message}`);
      case "staged":
        return this.line(`staged ${e.stagingDir}`);
      case "submitted":
        return this.line("submitted; waiting for the ApplicationMaster");
      case "state":
        return this.line(`state ${e.state}`);
      case "registered":
        return this.line(`ApplicationMaster registered (${e.controlUrl})`);
      case "cleanup":
        return this.line(`cleaning up ${e.appId}: ${e.reason}`);
      case "partials-removed":
        return this.line(`removed ${e.paths.length} stale partial upload(s) (${mib(e.bytes)}) from the cache`);
      case "staging-swept":
        return this.line(`removed the staging directories of ${e.paths.length} ended application(s)`);
      case "left-behind": {
        const l = e.leftover;
        return this.line(`left behind: ${l.what} ${l.where} (${l.reason}); remove it with '${l.remedy}'`);
      }
      case "cleaned":
        return this.line(
          e.leftBehind.length === 0
            ? `cleaned up ${e.appId}: nothing was left behind`
            : `cleaned up ${e.appId}: ${e.leftBehind.length} thing(s) left behind, listed above`,
        );
    }
  };
}
