// The AM loop's sleep between syncs, cut short when something happens that the RM
// should hear about at once (a scale request, a launch result, a shutdown).
export class Waker {
  private wakeUp?: () => void;
  private woken = false;

  /** Sleeps up to `ms`, or less if wake() is called (also if it was called since the last sleep). */
  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }
}

/** Waits for the promises to settle, up to `ms`; false when the time ran out first. */
export async function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = Promise.allSettled(promises).then(() => true as const);
  const settled = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return settled;
}

/** Resolves true when `p` settles within `ms`, false when the time runs out first. */
export function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return settledWithin([p], ms);
}

/** A promise with its resolve function, for a gate opened once. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
