// The AM's allocate loop, timed: per iteration the allocate call (the RM's round trip, or the
// local backend's sync) and the AM's own handling of its answer (slots, launches, journal), the
// parts a user can tell apart when containers come slowly — YARN's side or ours. Served in the
// status report (application.allocateLoop) so a benchmark or operator reads it from a running AM.
// Pure: the caller passes the measured milliseconds.
import type { AllocateLoopStats, LatencyStats } from "../control/types.js";

class Series {
  private n = 0;
  private sum = 0;
  private max = 0;
  private last = 0;
  add(ms: number): void {
    this.n++;
    this.sum += ms;
    this.max = Math.max(this.max, ms);
    this.last = ms;
  }
  stats(): LatencyStats {
    const r = (x: number) => Math.round(x * 10) / 10;
    return { lastMs: r(this.last), meanMs: r(this.n ? this.sum / this.n : 0), maxMs: r(this.max) };
  }
}

export class LoopLatency {
  private iterations = 0;
  private readonly allocate = new Series();
  private readonly handle = new Series();

  record(allocateMs: number, handleMs: number): void {
    this.iterations++;
    this.allocate.add(allocateMs);
    this.handle.add(handleMs);
  }

  stats(): AllocateLoopStats | undefined {
    if (!this.iterations) return undefined;
    return { iterations: this.iterations, allocate: this.allocate.stats(), handle: this.handle.stats() };
  }
}
