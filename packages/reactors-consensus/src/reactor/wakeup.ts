/**
 * Idling for gossip routines. Upstream polls every 100 ms; here a routine
 * with nothing to send waits until something it could send may exist (new
 * local consensus data, or news about the peer) or the poll interval ends,
 * whichever is first. A wake that arrives while the routine is busy is
 * remembered, so no update is missed between a check and the wait.
 */

/** Resolves after `ms` or when `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  wake(): void {
    if (this.resolve !== undefined) this.resolve();
    else this.pending = true;
  }

  /** Waits for a wake (or one already pending), `ms` or the abort, whichever is first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
  }
}
