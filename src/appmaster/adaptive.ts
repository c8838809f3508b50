// Adaptive scaling of the dask workers, decided by the AM itself (dask-yarn ran this loop in the
// Python process holding the YarnCluster, so adaptivity died with that process). The scheduler
// says how many workers it wants (GET /api/v1/adaptive_target); this module turns that into a new
// desired count. Pure: the poller in dask-watch.ts does the I/O.
//
// Like dask's AdaptiveCore (distributed/deploy/adaptive_core.py): scale up at once, scale down
// only after `waitCount` consecutive polls asked for less, so a short lull between two
// computations does not retire workers that are about to be needed again.
import type { AdaptiveSpec } from "../spec/types.js";

/** dask's defaults: interval 1 s, wait_count 3. */
export const ADAPTIVE_INTERVAL_MS = 1_000;
export const ADAPTIVE_WAIT_COUNT = 3;

export class AdaptivePolicy {
  private downVotes = 0;

  constructor(
    readonly limits: AdaptiveSpec,
    private readonly waitCount = ADAPTIVE_WAIT_COUNT,
  ) {}

  /** The scheduler's wish clamped to [minimum, maximum]. */
  clamp(target: number): number {
    return Math.min(this.limits.maximum, Math.max(this.limits.minimum, Math.floor(target)));
  }

  /**
   * One poll: the scheduler's target and the service's desired count now. Returns the new desired
   * count, or undefined to leave it. A target that is not a number ≥ 0 (a scheduler bug, a proxy's
   * error page) is ignored and breaks a run of scale-down votes.
   */
  decide(target: unknown, desired: number): number | undefined {
    if (typeof target !== "number" || !Number.isFinite(target) || target < 0) {
      this.downVotes = 0;
      return undefined;
    }
    const want = this.clamp(target);
    if (want > desired) {
      this.downVotes = 0;
      return want;
    }
    if (want === desired) {
      this.downVotes = 0;
      return undefined;
    }
    // Below the limits' floor (a spec count under minimum) is covered by `want > desired` above;
    // above the ceiling counts as a scale-down like any other.
    if (++this.downVotes < this.waitCount) return undefined;
    this.downVotes = 0;
    return want;
  }

  /** Something else changed the count (a restart, recovery): start counting afresh. */
  reset(): void {
    this.downVotes = 0;
  }
}
