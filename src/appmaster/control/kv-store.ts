// The AM's key-value store: the rendezvous point of an application's services (the dask scheduler
// puts its address, workers wait for it). In memory, but every write is announced to change
// listeners so the AM can journal it, and snapshot()/restore() carry it across AM attempts — Skein
// lost its store when its AM restarted (dask/dask-yarn#135); we do not.

export interface KvChange {
  readonly key: string;
  readonly value: string;
  /** Increases by one on every write; lets a journal spot gaps or replays. */
  readonly revision: number;
}

/** A JSON-safe copy of the store. Pairs, not an object: a key like "__proto__" must stay a key. */
export interface KvSnapshot {
  readonly revision: number;
  readonly entries: readonly (readonly [string, string])[];
}

export type KvWaitOutcome =
  { readonly kind: "value"; readonly value: string } | { readonly kind: "timeout" } | { readonly kind: "aborted" };

interface Waiter {
  readonly resolve: (outcome: KvWaitOutcome) => void;
}

export class KeyValueStore {
  readonly #entries = new Map<string, string>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #listeners = new Set<(change: KvChange) => void>();
  readonly #onListenerError: (err: unknown) => void;
  #revision = 0;

  /** `onListenerError`: a failing journal must not undo or block a put; the AM decides what to do. */
  constructor(options: { onListenerError?: (err: unknown) => void } = {}) {
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  get revision(): number {
    return this.#revision;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Number of pending wait() calls (for tests and the status page). */
  get waiting(): number {
    let n = 0;
    for (const set of this.#waiters.values()) n += set.size;
    return n;
  }

  get(key: string): string | undefined {
    return this.#entries.get(key);
  }

  keys(): string[] {
    return [...this.#entries.keys()].sort();
  }

  put(key: string, value: string): KvChange {
    this.#entries.set(key, value);
    const change: KvChange = { key, value, revision: ++this.#revision };
    // Waiters first: they are what the put is for; a slow journal listener must not delay them.
    const waiters = this.#waiters.get(key);
    if (waiters) {
      this.#waiters.delete(key);
      for (const w of waiters) w.resolve({ kind: "value", value });
    }
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (err) {
        this.#onListenerError(err);
      }
    }
    return change;
  }

  /** Resolves with the value once `key` is written (at once if it is), or when time runs out. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<KvWaitOutcome> {
    const present = this.#entries.get(key);
    if (present !== undefined) return Promise.resolve({ kind: "value", value: present });
    if (signal?.aborted) return Promise.resolve({ kind: "aborted" });
    if (timeoutMs <= 0) return Promise.resolve({ kind: "timeout" });
    return new Promise((resolve) => {
      const onAbort = () => done({ kind: "aborted" });
      const timer = setTimeout(() => done({ kind: "timeout" }), timeoutMs);
      const waiter: Waiter = { resolve: (outcome) => done(outcome) };
      const done = (outcome: KvWaitOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const set = this.#waiters.get(key);
        set?.delete(waiter);
        if (set?.size === 0) this.#waiters.delete(key);
        resolve(outcome);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      let set = this.#waiters.get(key);
      if (!set) this.#waiters.set(key, (set = new Set()));
      set.add(waiter);
    });
  }

  /** Subscribe to writes (the AM's journal); returns the unsubscribe function. */
  onChange(listener: (change: KvChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): KvSnapshot {
    return { revision: this.#revision, entries: [...this.#entries].sort(([a], [b]) => (a < b ? -1 : 1)) };
  }

  /**
   * Replace the contents with a snapshot from the journal (AM attempt > 1). Listeners are not told:
   * the data came from the journal. Waiters whose key is now present are released.
   */
  restore(snapshot: KvSnapshot): void {
    this.#entries.clear();
    for (const [key, value] of snapshot.entries) this.#entries.set(key, value);
    this.#revision = Math.max(this.#revision, snapshot.revision);
    for (const [key, waiters] of [...this.#waiters]) {
      const value = this.#entries.get(key);
      if (value === undefined) continue;
      this.#waiters.delete(key);
      for (const w of waiters) w.resolve({ kind: "value", value });
    }
  }
}
