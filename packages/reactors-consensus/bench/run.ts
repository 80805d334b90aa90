/** Consensus benchmarks: one JSON line per figure. */
import { runLocalnet } from './localnet.js';
import './inmemory.js';
import './votes.js';

/** Go CometBFT v0.38, 4 local validators, timeout_commit = 0s, on this machine. */
const GO_BLOCKS_PER_SECOND = 2.5;

const line = (bench: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit, limit: null, ratio: null, ...extra }));

const measureMs = Number(process.env.BENCH_MEASURE_MS ?? 20_000);
const r = await runLocalnet(4, measureMs);
line('consensus.localnet4.empty_blocks', r.blocksPerSecond, 'blocks/s', {
  go_v0_38: GO_BLOCKS_PER_SECOND,
  vs_go: Math.round((r.blocksPerSecond / GO_BLOCKS_PER_SECOND) * 100) / 100,
  heights: r.heights.map(String),
  seconds: Math.round(r.seconds * 10) / 10,
});
line('consensus.localnet4.cpu_per_node.mean', r.cpuPercent.reduce((a, b) => a + b, 0) / r.cpuPercent.length, '% of a core', {
  per_node: r.cpuPercent.map((c) => Math.round(c * 10) / 10),
});
line('consensus.localnet4.cpu_per_block', (r.cpuPercent.reduce((a, b) => a + b, 0) / 100 / r.blocksPerSecond) * 1000, 'core-ms/block (all nodes)');
line('consensus.localnet4.rss_per_node.mean', r.rssMiB.reduce((a, b) => a + b, 0) / r.rssMiB.length, 'MiB');
