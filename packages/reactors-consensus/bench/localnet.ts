/**
 * Blocks per second of a 4-process local network (one validator per
 * process, loopback TCP, empty blocks, timeout_commit = 0) and the CPU each
 * node uses while doing it. Go CometBFT v0.38 on this 2-core machine: 2.5
 * blocks/s with timeout_commit = 0s, its rate bound by latency (gossip
 * sleeps and the 100 ms flush throttle), not CPU.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromChild, NodeSpec, ToChild } from './localnet-node.js';

export interface LocalnetResult {
  blocksPerSecond: number;
  /** Per node, percent of one core. */
  cpuPercent: number[];
  rssMiB: number[];
  heights: [bigint, bigint];
  seconds: number;
}

interface Child {
  proc: ChildProcess;
  address?: string;
  last?: Extract<FromChild, { type: 'status' }>;
}

const NODE_SCRIPT = fileURLToPath(new URL('./localnet-node.ts', import.meta.url));

function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

export async function runLocalnet(n = 4, measureMs = 20_000): Promise<LocalnetResult> {
  const root = await mkdtemp(join(tmpdir(), 'cometts-bench-localnet-'));
  const seeds = Array.from({ length: n }, () => randomBytes(32).toString('hex'));
  const timeouts = { propose: 3000, proposeDelta: 500, prevote: 1000, prevoteDelta: 500, precommit: 1000, precommitDelta: 500, commit: 0 };
  const children: Child[] = [];
  // One genesis time for every node: read per fork, it could straddle a second and split the chain.
  const genesisTimeMs = Date.now();
  try {
    for (let i = 0; i < n; i++) {
      const spec: NodeSpec = { index: i, dir: join(root, `node${i}`), validatorSeeds: seeds, chainId: 'bench-localnet', genesisTimeMs, timeouts };
      const proc = fork(NODE_SCRIPT, [JSON.stringify(spec)], { execArgv: ['--conditions=@cometts/source', '--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const child: Child = { proc };
      proc.on('message', (m: FromChild) => {
        if (m.type === 'listening') child.address = m.address;
        else child.last = m;
      });
      children.push(child);
    }
    await until('all nodes listening', () => children.every((c) => c.address !== undefined), 60_000);
    children.forEach((c, i) => c.proc.send({ type: 'peers', addresses: children.slice(i + 1).map((o) => o.address!) } satisfies ToChild));
    const height = () => children.reduce((min, c) => (c.last && BigInt(c.last.height) < min ? BigInt(c.last.height) : min), BigInt(Number.MAX_SAFE_INTEGER));
    const allReported = () => children.every((c) => c.last !== undefined);
    await until('warm-up to height 3', () => allReported() && height() >= 3n, 60_000);
    const start = children.map((c) => c.last!);
    const h0 = height();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, measureMs));
    const end = children.map((c) => c.last!);
    const h1 = height();
    const seconds = (Date.now() - t0) / 1000;
    return {
      blocksPerSecond: Number(h1 - h0) / seconds,
      cpuPercent: end.map((e, i) => ((e.cpuMicros - start[i]!.cpuMicros) / 1000 / (e.atMs - start[i]!.atMs)) * 100),
      rssMiB: end.map((e) => e.rss / 1024 / 1024),
      heights: [h0, h1],
      seconds,
    };
  } finally {
    for (const c of children) if (c.proc.connected) c.proc.send({ type: 'stop' } satisfies ToChild);
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.proc.exitCode !== null) return resolve();
            const kill = setTimeout(() => c.proc.kill('SIGKILL'), 10_000);
            c.proc.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
          }),
      ),
    );
    await rm(root, { recursive: true, force: true });
  }
}
