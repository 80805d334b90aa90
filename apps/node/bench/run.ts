/** Node benchmarks: one JSON line per figure. */
import { runLocalnet } from './localnet.js';

/** Go CometBFT v0.38 on this machine: 4 local validators, kvstore, timeout_commit = 0s. */
const GO_BLOCKS_PER_SECOND = 2.5;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const line = (bench: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: null, ratio: null, ...extra }));

const measureMs = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const r = await runLocalnet(measureMs);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
line('node.localnet4.empty_blocks', r.blocksPerSecond, 'blocks/s', {
  go_v0_38: GO_BLOCKS_PER_SECOND,
  vs_go: round(r.blocksPerSecond / GO_BLOCKS_PER_SECOND),
  heights: r.heights,
  seconds: round(r.seconds, 1),
});
line('node.localnet4.cpu_per_node', mean(r.cpuPercent), '% of a core', { per_node: r.cpuPercent.map((c) => round(c, 1)) });
line('node.localnet4.rss_per_node', mean(r.rssMiB), 'MiB', { per_node: r.rssMiB.map((m) => round(m, 1)) });
