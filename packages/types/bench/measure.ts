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

/** CPU time (user + system) this process has used, in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `value` and `limit` back to back, call after call, for about `ms`
 * milliseconds of wall time, and returns each one's operations per CPU
 * second. Timing by CPU time and interleaving the two keep their ratio
 * stable when other processes compete for the cores (wall time would count
 * the time spent waiting for a core).
 */
export function interleaved(value: () => void, limit: () => void, ms: number, opsPerCall: number): { value: number; limit: number } {
  const warmEnd = performance.now() + Math.min(1000, ms / 3);
  while (performance.now() < warmEnd) {
    value();
    limit();
  }
  let valueTime = 0;
  let limitTime = 0;
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    const t0 = cpuMs();
    limit();
    const t1 = cpuMs();
    value();
    const t2 = cpuMs();
    limitTime += t1 - t0;
    valueTime += t2 - t1;
    calls++;
  }
  return { value: (calls * opsPerCall * 1000) / valueTime, limit: (calls * opsPerCall * 1000) / limitTime };
}

export function report(bench: string, value: number, unit: string, limit: number | null): void {
  const round = (x: number) => Math.round(x * 10) / 10;
  const ratio = limit === null ? null : Math.round((value / limit) * 1000) / 1000;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}
