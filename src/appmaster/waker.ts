// The allocation loop's sleep between heartbeats, cut short when something happens that the RM
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
