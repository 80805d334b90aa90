// Timing helpers shared by the benchmarks: run a function in batches for a
// fixed wall time and report operations per second.

/** Operations per second of `fn` (which performs `opsPerCall` operations) over about `ms` milliseconds. */
export function opsPerSecond(fn: () => void, ms: number, opsPerCall = 1): number {
  // Warm up so the JIT has compiled the path being measured.
  const warmEnd = performance.now() + Math.min(200, ms / 4);
  while (performance.now() < warmEnd) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) fn();
    calls += 8;
    now = performance.now();
  }
  return (calls * opsPerCall * 1000) / (now - start);
}

/**
 * Measures `value` and `limit` alternately `rounds` times and keeps the best of
 * each: on a shared machine the best run is the closest to what the code can do.
 */
export function bestOfAlternating(value: () => number, limit: () => number, rounds = 3): { value: number; limit: number } {
  let bestValue = 0;
  let bestLimit = 0;
  for (let r = 0; r < rounds; r++) {
    bestLimit = Math.max(bestLimit, limit());
    bestValue = Math.max(bestValue, value());
  }
  return { value: bestValue, limit: bestLimit };
}

export function report(bench: string, value: number, unit: string, limit: number | null): void {
  const round = (x: number) => Math.round(x * 10) / 10;
  const ratio = limit === null ? null : Math.round((value / limit) * 1000) / 1000;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}
