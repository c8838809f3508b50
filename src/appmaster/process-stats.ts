// The AM process as a long run sees it: its heap and how late its event loop runs. A service
// runs for weeks, so a figure since start hides a recent stall behind days of quiet: the loop's
// delay is also kept per window (the last complete one is reported), which is what a benchmark
// sampling the AM over an hour, or an operator looking at `status`, wants to see.
// The heap in use at any moment counts garbage not yet collected, so it wanders with V8's GC
// pacing; what a leak moves is the heap left after a full (mark-compact) collection, which is
// taken as each one ends: the figure to watch for growth over days.
// An AM that mostly waits allocates slowly, and V8 then goes hours without a full collection while
// garbage fills the old generation: its memory creeps up towards V8's limit with nothing live (the
// soak of a logging service: no full GC in 36 min, heap in use +1.2 MiB, RssAnon +4.4 MiB, the
// heap after the last full GC flat). So when none has run for IDLE_GC_MS the AM runs one itself
// (the AM's node has --expose-gc; a full GC of a ~15 MiB heap takes a few ms).
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { AmProcessStats, LoopDelayStats } from "../control/types.js";

/** Histogram resolution: delays are sampled every 20 ms (Node's default is 10). */
const RESOLUTION_MS = 20;
// Node records the whole time between two of its sampling timers, the resolution included (an
// idle loop shows ~20 ms): the delay is what lies beyond it.
const ms = (ns: number) => Math.round(Math.max(0, ns / 1e6 - RESOLUTION_MS) * 10) / 10;

function delayOf(h: IntervalHistogram): LoopDelayStats | undefined {
  // No sample yet (the first timer tick has not come): nothing to say rather than NaN.
  if (h.count === 0) return undefined;
  return { meanMs: ms(h.mean), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

/** Run a full GC when V8 has not for this long (an idle AM's memory stays where its live set is). */
export const IDLE_GC_MS = 5 * 60_000;

type Gc = () => void;

export class ProcessStats {
  private readonly sinceStart = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly current = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private lastWindow?: LoopDelayStats;
  private readonly timer: NodeJS.Timeout;
  private readonly gc: PerformanceObserver;
  private afterMajorGc?: { bytes: number; at: number };
  private readonly started = Date.now();
  private readonly idleGc?: NodeJS.Timeout;
  /** Full GCs this process ran itself because V8 had not for IDLE_GC_MS. */
  idleCollections = 0;

  constructor(
    readonly windowMs = 30_000,
    idleGcMs = IDLE_GC_MS,
    private readonly gcNow: Gc | undefined = (globalThis as { gc?: Gc }).gc,
  ) {
    this.sinceStart.enable();
    this.current.enable();
    this.timer = setInterval(() => this.rotate(), windowMs).unref();
    if (this.gcNow) this.idleGc = setInterval(() => this.collectIfIdle(idleGcMs), idleGcMs / 4).unref();
    this.gc = new PerformanceObserver((list) => {
      const major = list
        .getEntries()
        .some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
      // The observer runs just after the collection: the little allocated since is noise.
      if (major) this.afterMajorGc = { bytes: getHeapStatistics().used_heap_size, at: Date.now() };
    });
    this.gc.observe({ entryTypes: ["gc"] });
  }

  /** Runs a full GC when V8 ran none for `idleMs` (the observer then records its heap). */
  collectIfIdle(idleMs: number): void {
    const last = this.afterMajorGc?.at ?? this.started;
    if (!this.gcNow || Date.now() - last < idleMs) return;
    this.idleCollections++;
    this.gcNow();
  }

  /** Closes the current window: its figures become the reported ones, a new window starts. */
  rotate(): void {
    this.lastWindow = delayOf(this.current);
    this.current.reset();
  }

  stats(): AmProcessStats {
    const m = process.memoryUsage();
    const window = this.lastWindow ?? delayOf(this.current);
    const overall = delayOf(this.sinceStart);
    return {
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
      ...(this.afterMajorGc
        ? { heapAfterMajorGcBytes: this.afterMajorGc.bytes, lastMajorGcAgoMs: Date.now() - this.afterMajorGc.at }
        : {}),
      idleFullGcs: this.idleCollections,
      eventLoopDelay: {
        windowMs: this.windowMs,
        ...(window ? { window } : {}),
        ...(overall ? { sinceStart: overall } : {}),
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.idleGc);
    this.gc.disconnect();
    this.sinceStart.disable();
    this.current.disable();
  }
}
