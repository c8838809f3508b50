// The recovery journal: what a later AM attempt needs to carry on where this one stopped — desired
// counts, restarts used, containers lost to the cluster, which container is which instance, and the
// key-value store. Written to
// <staging>/journal.json after changes (debounced), read back on attempt > 1. Skein's AM kept none of
// this and started every attempt from scratch.
import { MAX_INSTANCES } from "../control/routes.js";
import type { KvSnapshot } from "./control/index.js";
import type { LossCause } from "./exit-status.js";
import type { AppModel } from "./model.js";

export const JOURNAL_VERSION = 1;

export interface JournalServiceState {
  readonly desired: number;
  readonly restartsUsed: number;
  readonly everRunning: boolean;
  /**
   * Containers killed for memory, preempted or lost with their node so far: the final diagnostics
   * count the whole application, not one attempt. Absent in journals written before it was kept.
   */
  readonly losses?: Readonly<Record<LossCause, number>>;
}

export interface JournalContainer {
  readonly containerId: string;
  readonly service: string;
  readonly index: number;
  readonly startTime: number;
}

export interface Journal {
  readonly version: number;
  readonly appId: string;
  /** The attempt that wrote it. */
  readonly attempt: number;
  readonly writtenAt: number;
  readonly services: Readonly<Record<string, JournalServiceState>>;
  /** Running slots only: a launching one is not known to have started. */
  readonly containers: readonly JournalContainer[];
  readonly kv: KvSnapshot;
}

export function journalOf(model: AppModel, appId: string, attempt: number, kv: KvSnapshot, now: number): Journal {
  const services: Record<string, JournalServiceState> = {};
  const containers: JournalContainer[] = [];
  for (const svc of model.services.values()) {
    const { desired, restartsUsed, everRunning, losses } = svc;
    services[svc.name] = { desired, restartsUsed, everRunning, losses: { ...losses } };
    for (const r of svc.records) {
      if (r.phase === "running" && r.containerId) {
        containers.push({ containerId: r.containerId, service: svc.name, index: r.index, startTime: r.startTime ?? 0 });
      }
    }
  }
  return { version: JOURNAL_VERSION, appId, attempt, writtenAt: now, services, containers, kv };
}

/** Parses a journal; undefined when it is not one this AM can use (then it starts afresh). */
export function parseJournal(text: string, appId: string): Journal | undefined {
  let j: Partial<Journal>;
  try {
    j = JSON.parse(text) as Partial<Journal>;
  } catch {
    return undefined;
  }
  if (j.version !== JOURNAL_VERSION || j.appId !== appId) return undefined;
  if (!j.services || typeof j.services !== "object" || !Array.isArray(j.containers) || !j.kv) return undefined;
  return j as Journal;
}

/**
 * Applies the journal's counts to a fresh model (services the spec no longer has are ignored).
 * Containers are adopted separately, against the RM's list of containers from previous attempts.
 */
export function applyJournalCounts(model: AppModel, journal: Journal): void {
  for (const [name, s] of Object.entries(journal.services)) {
    const svc = model.services.get(name);
    if (!svc) continue;
    // Scale caps at MAX_INSTANCES; a count beyond it (a damaged journal) would have the AM allocate
    // a record per instance until its heap runs out, on every attempt.
    if (Number.isSafeInteger(s.desired) && s.desired >= 0) svc.desired = Math.min(s.desired, MAX_INSTANCES);
    svc.restartsUsed = s.restartsUsed;
    svc.everRunning = s.everRunning;
    for (const cause of Object.keys(svc.losses) as LossCause[]) {
      const n = s.losses?.[cause];
      if (Number.isSafeInteger(n) && n! > 0) svc.losses[cause] = n!;
    }
  }
}

/**
 * Runs `write` at most once per `delayMs` after changes, never two at a time; a change during a
 * write schedules one more. flush() writes now if anything is pending (shutdown, tests).
 */
export class DebouncedWriter {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private dirty = false;
  /** sync() callers waiting for the next write to start and land. */
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];

  constructor(
    private readonly write: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  changed(): void {
    this.dirty = true;
    if (!this.timer && !this.running) this.timer = setTimeout(() => void this.run(), this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    if (this.dirty) await this.run();
  }

  /**
   * Resolves once a write that began after this call has landed, rejects when that write fails:
   * for a change acknowledged to a client (a KV put). Calls during a write share the next one
   * (group commit), so a burst of puts costs a few writes, not one each.
   */
  sync(): Promise<void> {
    this.dirty = true;
    const landed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.running) {
      if (this.timer) clearTimeout(this.timer);
      void this.run();
    }
    return landed;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    // Only one write at a time: two creates of the journal at once fail the second (HDFS lease).
    // Left dirty, next() runs it when the write under way ends.
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    const waiters = this.waiters.splice(0);
    this.running = this.write().then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => {
        this.onError(err);
        waiters.forEach((w) => w.reject(err));
      },
    );
    await this.running;
    this.running = undefined;
    this.next();
  }

  /** After a write: at once for sync() callers that came during it, else after the delay. */
  private next(): void {
    if (this.waiters.length) {
      if (this.timer) clearTimeout(this.timer);
      void this.run();
    } else if (this.dirty && !this.timer) this.timer = setTimeout(() => void this.run(), this.delayMs);
  }
}
