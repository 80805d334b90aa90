/**
 * Heights per second of 4 in-memory validators (no sockets) on the real
 * parts — ConsensusDriver, AbciBlockExecutor + InMemoryTxSource, FilePV,
 * ConsensusWal, @cometts/store on memory-level, the kvstore app — wired by
 * the tests' KvstoreNet (messages through its GossipRouter: in order per
 * link, 0–3 ms timer delay each). timeout_commit = 0 with
 * skip_timeout_commit; the other timeouts only fire when a message is late,
 * so they stay at the tests' fast values (a zero propose timeout would
 * prevote nil before any proposal arrives).
 *
 * Empty blocks, then 1 000 fresh 250 B kvstore txs per height: each node's
 * tx source gets the next height's txs when it commits (as mempool gossip
 * would), so whoever proposes reaps all of them.
 *
 * Homes (WAL, priv_validator_state.json) on the real disk by default, since
 * FilePV and our own WAL records fsync there; the /dev/shm and in-memory
 * signer variants show what that costs.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { KvstoreNet, type KvstoreNetOptions } from '../test/support/kvstore-net.js';
import { FAST_TIMEOUTS } from '../test/support/driver-net.js';
import { oneAtATime } from './one-at-a-time.js';

export interface InMemoryResult {
  heightsPerSecond: number;
  txsPerSecond: number;
  heights: number;
  seconds: number;
  /** Heights that needed more than one round (late proposal or votes). */
  extraRounds: number;
}

const TX_BYTES = 250;

/** `count` distinct, valid kvstore txs (`key=value`) of exactly TX_BYTES bytes for `height`. */
function txsForHeight(height: bigint, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const tx = Buffer.alloc(TX_BYTES, 0x76); // 'v'
    tx.write(`bench${height}.${i}=`, 'latin1');
    out.push(tx);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a 4-validator network for `measureMs` after a short warm-up and counts committed heights. */
export async function runInMemory(txsPerBlock: number, measureMs: number, options: KvstoreNetOptions = {}): Promise<InMemoryResult> {
  const net = await KvstoreNet.create(4, { timeouts: { ...FAST_TIMEOUTS, commit: 0 }, skipTimeoutCommit: true }, undefined, options);
  try {
    const pending = new Map<bigint, { txs: Uint8Array[]; fed: number }>();
    const feed = (node: KvstoreNet['nodes'][number], height: bigint) => {
      if (txsPerBlock === 0) return;
      let entry = pending.get(height);
      if (entry === undefined) {
        entry = { txs: txsForHeight(height, txsPerBlock), fed: 0 };
        pending.set(height, entry);
      }
      for (const tx of entry.txs) node.txs.add(tx);
      if (++entry.fed === net.nodes.length) pending.delete(height);
    };
    let committedTxs = 0;
    let extraRounds = 0;
    for (const node of net.nodes) {
      feed(node, 1n);
      node.driver.on((e) => {
        if (e.type !== 'newBlock') return;
        feed(node, e.height + 1n);
        if (node.index !== 0) return;
        committedTxs += e.block.data.txs.length;
        if (e.block.lastCommit !== undefined && e.block.lastCommit.round > 0) extraRounds++;
      });
    }
    await net.start();
    while (net.minHeight() < 5n) await sleep(5);
    const h0 = net.minHeight();
    const tx0 = committedTxs;
    const rounds0 = extraRounds;
    const t0 = performance.now();
    await sleep(measureMs);
    const h1 = net.minHeight();
    const seconds = (performance.now() - t0) / 1000;
    for (const [height, hashes] of net.router.decided) {
      if (hashes.size !== 1) throw new Error(`nodes decided ${hashes.size} different blocks at height ${height}`);
    }
    for (const n of net.nodes) if (n.driver.haltedBy !== undefined) throw n.driver.haltedBy;
    const heights = Number(h1 - h0);
    return {
      heightsPerSecond: heights / seconds,
      txsPerSecond: (committedTxs - tx0) / seconds,
      heights,
      seconds,
      extraRounds: extraRounds - rounds0,
    };
  } finally {
    await net.close();
  }
}

const line = (bench: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Math.round(value * 100) / 100, unit, limit: null, ratio: null, ...extra }));

const measureMs = Number(process.env.BENCH_INMEMORY_MS ?? 8_000);
/** Only the figures whose name contains this (e.g. for a --cpu-prof run). */
const filter = process.env.BENCH_FILTER;
const variants: { suffix: string; signer: string; options: KvstoreNetOptions }[] = [
  { suffix: '', signer: 'FilePV, homes on disk', options: { baseDir: tmpdir(), signer: 'file' } },
  ...(existsSync('/dev/shm') ? [{ suffix: '.shm', signer: 'FilePV, homes in /dev/shm', options: { baseDir: '/dev/shm', signer: 'file' as const } }] : []),
  { suffix: '.memory_signer', signer: 'in-memory signer, WAL on disk', options: { baseDir: tmpdir(), signer: 'memory' } },
];
await oneAtATime(async () => {
  for (const [name, txs] of [
    ['empty', 0],
    ['txs1000x250B', 1000],
  ] as const) {
    for (const v of variants) {
      const bench = `consensus.inmemory.heights_per_s.${name}${v.suffix}`;
      if (filter !== undefined && !bench.includes(filter)) continue;
      const r = await runInMemory(txs, measureMs, v.options);
      line(bench, r.heightsPerSecond, 'heights/s', {
        signer: v.signer,
        ...(txs > 0 ? { txs_per_s: Math.round(r.txsPerSecond) } : {}),
        heights: r.heights,
        extra_rounds: r.extraRounds,
        seconds: Math.round(r.seconds * 10) / 10,
      });
    }
  }
});
