/**
 * Blocks per second of the 4-process local network made by `cometts testnet
 * --v 4` and run with `cometts start` (disk LevelDB stores, file WAL and
 * signer, the kvstore app), with timeout_commit = 0s and empty blocks, and
 * the CPU each node process uses meanwhile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePortBlock } from '../src/net/free-ports.js';
import { CLI, cli, ensureBuilt } from '../test/helpers/cli.js';
import { sampleProcess, type ProcSample } from './proc-stats.js';

export interface LocalnetFigures {
  blocksPerSecond: number;
  cpuPercent: number[];
  rssMiB: number[];
  heights: [number, number];
  seconds: number;
}

async function height(rpcPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${rpcPort}/status`, { signal: AbortSignal.timeout(2000) });
  const body = (await res.json()) as { result: { sync_info: { latest_block_height: string } } };
  return Number(body.result.sync_info.latest_block_height);
}

async function minHeight(ports: number[]): Promise<number> {
  const heights = await Promise.all(ports.map((p) => height(p).catch(() => 0)));
  return Math.min(...heights);
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runLocalnet(measureMs: number, timeoutCommit = '0s'): Promise<LocalnetFigures> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'cometts-bench-net-'));
  const base = await findFreePortBlock(30000 + Math.floor(Math.random() * 20000), 40);
  const made = cli(['testnet', '--v', '4', '--o', dir, '--starting-port', String(base)]);
  if (made.status !== 0) throw new Error(`testnet failed: ${made.stderr}`);
  const rpcPorts = [0, 1, 2, 3].map((i) => base + 10 * i + 1);
  const children: ChildProcess[] = [0, 1, 2, 3].map((i) =>
    spawn(process.execPath, [CLI, 'start', '--home', join(dir, `node${i}`), '--log_level', 'error', '--consensus.timeout_commit', timeoutCommit], {
      stdio: 'ignore',
    }),
  );
  try {
    await until('height 3 on every node', async () => (await minHeight(rpcPorts)) >= 3, 90_000);
    const start: ProcSample[] = children.map((c) => sampleProcess(c.pid!));
    const h0 = await minHeight(rpcPorts);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, measureMs));
    const end: ProcSample[] = children.map((c) => sampleProcess(c.pid!));
    const h1 = await minHeight(rpcPorts);
    const seconds = (Date.now() - t0) / 1000;
    return {
      blocksPerSecond: (h1 - h0) / seconds,
      cpuPercent: end.map((e, i) => ((e.cpuSeconds - start[i]!.cpuSeconds) / ((e.atMs - start[i]!.atMs) / 1000)) * 100),
      rssMiB: end.map((e) => e.rssBytes / 1024 / 1024),
      heights: [h0, h1],
      seconds,
    };
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
