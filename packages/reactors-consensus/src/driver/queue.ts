/**
 * The driver's inbox: a bounded FIFO for peer messages (a full queue drops,
 * or makes the sender wait) next to an unbounded one for timeouts, which are
 * at most a handful. `take()` waits until either has something.
 */
export class Inbox<T> {
  private readonly peer: T[] = [];
  private readonly local: T[] = [];
  private waiter: (() => void) | undefined;
  private readonly roomWaiters: (() => void)[] = [];
  private closed = false;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.peer.length + this.local.length;
  }

  /** Adds a peer item unless the queue is full or closed; never waits. */
  tryPush(item: T): boolean {
    if (this.closed || this.peer.length >= this.capacity) return false;
    this.peer.push(item);
    this.wake();
    return true;
  }

  /** Adds a peer item, waiting up to `timeoutMs` for room. */
  async push(item: T, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.tryPush(item)) {
      if (this.closed) return false;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.roomWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** Adds a local item (timeouts, mempool notices): never dropped. */
  pushLocal(item: T): void {
    if (this.closed) return;
    this.local.push(item);
    this.wake();
  }

  /** The next item (local ones first), or undefined once closed. */
  async take(): Promise<T | undefined> {
    for (;;) {
      const item = this.local.shift() ?? this.peer.shift();
      if (item !== undefined) {
        this.roomWaiters.shift()?.();
        return item;
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }

  close(): void {
    this.closed = true;
    this.wake();
    for (const w of this.roomWaiters.splice(0)) w();
  }

  private wake(): void {
    this.waiter?.();
  }
}
