/** A seeded PRNG and a discrete-event scheduler for simulated time. */
import type { Clock } from '../../../src/driver/ports.js';

/** mulberry32: small, fast, good enough for test schedules. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Task {
  time: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

/** Runs tasks in (time, insertion) order; time only moves forward. */
export class Scheduler implements Clock {
  private heap: Task[] = [];
  private seq = 0;
  time = 0;

  constructor(private readonly epochMs = 1_704_067_200_000) {}

  now(): number {
    return this.epochMs + this.time;
  }

  at(delayMs: number, run: () => void): Task {
    const task: Task = { time: this.time + Math.max(0, delayMs), seq: this.seq++, run, cancelled: false };
    this.push(task);
    return task;
  }

  setTimer(fn: () => void, delayMs: number): unknown {
    return this.at(delayMs, fn);
  }

  clearTimer(handle: unknown): void {
    (handle as Task).cancelled = true;
  }

  /** Runs tasks until `until()` holds or simulated time passes `limitMs`; returns whether `until` held. */
  run(until: () => boolean, limitMs: number): boolean {
    while (!until()) {
      const task = this.pop();
      if (task === undefined || task.time > limitMs) return until();
      this.time = task.time;
      if (!task.cancelled) task.run();
    }
    return true;
  }

  private less(a: Task, b: Task): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
