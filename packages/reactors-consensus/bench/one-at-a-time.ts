/**
 * run.ts imports the benchmark modules side by side, and a module with
 * top-level await lets the next one start while it waits; a figure measured
 * while another bench runs is wrong. Each module runs its figures through
 * oneAtATime, so they run in import order, one module after another.
 */
let tail: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const result = tail.then(run, run);
  tail = result.catch(() => undefined);
  return result;
}
