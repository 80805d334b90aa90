/**
 * Address book benchmarks: adding 10 000 and 100 000 addresses, pickAddress,
 * getSelection, heap used, and a full save/load. One JSON line per figure.
 * (Bucket capacities — 256 new and 64 old buckets of 65 — cap a book at about
 * 20 800 entries, as in CometBFT: the 100 000-address run measures adds into
 * a full book, with evictions, and reports the resulting size.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetAddress } from '@cometts/types';
import { AddrBook } from '../src/index.js';

function emit(bench: string, value: number, unit: string): void {
  console.log(JSON.stringify({ bench, value: Number(value.toPrecision(4)), unit, limit: null, ratio: null }));
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomAddresses(n: number, random: () => number): NetAddress[] {
  const out: NetAddress[] = [];
  const id = new Uint8Array(20);
  while (out.length < n) {
    for (let i = 0; i < 20; i++) id[i] = Math.floor(random() * 256);
    const ip = new Uint8Array([1 + Math.floor(random() * 222), Math.floor(random() * 256), Math.floor(random() * 256), 1 + Math.floor(random() * 254)]);
    const addr = new NetAddress(Buffer.from(id).toString('hex'), ip, 26656);
    if (addr.isRoutable()) out.push(addr);
  }
  return out;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMB(): number {
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

function opsPerSecond(iterations: number, run: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return iterations / seconds;
}

async function benchSize(n: number, label: string): Promise<void> {
  const random = prng(n);
  const addrs = randomAddresses(n, random);
  const sources = randomAddresses(1000, random);
  const before = heapMB();
  const book = new AddrBook({ random });
  emit(`addrbook.add.${label}`, opsPerSecond(n, (i) => book.addAddress(addrs[i]!, sources[i % sources.length]!)), 'ops/s');
  emit(`addrbook.size.${label}`, book.size, 'addresses');
  // A realistic mix: one address in ten has been tried successfully (old buckets).
  let promoted = 0;
  for (const entry of book.entries()) if (promoted++ % 10 === 0) book.markGood(entry.addr.id);
  emit(`addrbook.heap.${label}`, heapMB() - before, 'MB');
  emit(`addrbook.pickAddress.${label}`, opsPerSecond(200_000, (i) => book.pickAddress(i % 100)), 'ops/s');
  emit(`addrbook.getSelection.${label}`, opsPerSecond(2_000, () => book.getSelection()), 'ops/s');
  emit(`addrbook.getSelectionWithBias.${label}`, opsPerSecond(2_000, () => book.getSelectionWithBias(30)), 'ops/s');

  const dir = mkdtempSync(join(tmpdir(), 'addrbook-bench-'));
  try {
    const file = join(dir, 'addrbook.json');
    const saving = new AddrBook({ filePath: file, key: book.key });
    for (const entry of book.entries()) saving.addAddress(entry.addr, entry.src);
    let start = performance.now();
    await saving.save();
    emit(`addrbook.save.${label}`, performance.now() - start, 'ms');
    const loading = new AddrBook({ filePath: file, saveIntervalMs: 0 });
    start = performance.now();
    await loading.start();
    emit(`addrbook.load.${label}`, performance.now() - start, 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await benchSize(10_000, '10k');
await benchSize(100_000, '100k');
