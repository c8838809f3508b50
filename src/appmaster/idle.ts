// Idle timeout: end the application SUCCEEDED once the dask scheduler has had no tasks for the
// spec's idleTimeoutSeconds. Pure: the poller in dask-watch.ts feeds it GET /api/v1/check_idle.
//
// distributed answers {"idle_since": <scheduler epoch seconds> | null}: null while anything is
// queued or processing, else the time it first saw itself idle; any task transition between two
// calls resets it. The scheduler may run on another host with another clock, so the duration is
// measured on the AM's clock from the first poll that saw a given idle_since: a new value means
// there was work in between, and the count starts over.

export type IdleVerdict =
  | { readonly kind: "busy" }
  | { readonly kind: "idle"; readonly idleMs: number }
  | {
      readonly kind: "expired";
      readonly idleMs: number;
    };

export class IdleClock {
  private since?: { readonly value: number; readonly seenAt: number };

  constructor(readonly timeoutMs: number) {}

  observe(idleSince: unknown, now: number): IdleVerdict {
    if (typeof idleSince !== "number" || !Number.isFinite(idleSince)) {
      this.since = undefined;
      return { kind: "busy" };
    }
    if (!this.since || this.since.value !== idleSince) this.since = { value: idleSince, seenAt: now };
    const idleMs = now - this.since.seenAt;
    return idleMs >= this.timeoutMs ? { kind: "expired", idleMs } : { kind: "idle", idleMs };
  }

  /** The scheduler could not be asked (not up yet, restarting): unknown is not idle. */
  unknown(): void {
    this.since = undefined;
  }
}

/** The final diagnostics of an idle shutdown, e.g. "idle for 300 s (no dask tasks)". */
export function idleDiagnostics(timeoutSeconds: number): string {
  return `idle for ${timeoutSeconds} s (no dask tasks)`;
}
