/**
 * `pnpm start`: a local network of N nodes (default 4) as separate
 * `cometts start` processes on 127.0.0.1, with a live one-line-per-node
 * summary polled from each node's RPC. Ctrl-C stops every node gracefully.
 *
 *   node dist/localnet.js [--v 4] [--dir .localnet] [--starting-port 26656]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integerFlag, parseArgs, stringFlag } from './cli/args.js';
import { findFreePortBlock } from './net/free-ports.js';
import { createTestnet, PORTS_PER_NODE, type TestnetNode } from './home/testnet.js';
import { pollNode, renderSummary, type NodeSummary } from './localnet/summary.js';

interface Running {
  node: TestnetNode;
  child: ChildProcess;
  exit?: number | string;
}

const cliPath = join(dirname(fileURLToPath(import.meta.url)), 'cli.js');

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { flags: { v: 'integer', dir: 'string', 'starting-port': 'integer' } });
  const count = integerFlag(args, 'v', 4);
  const dir = resolve(stringFlag(args, 'dir') ?? '.localnet');
  const startingPort = await findFreePortBlock(integerFlag(args, 'starting-port', 26656), count * PORTS_PER_NODE);

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const testnet = await createTestnet({ validators: count, outputDir: dir, startingPort, chainId: 'cometts-localnet' });
  process.stdout.write(`local network "${testnet.chainId}": ${count} nodes in ${dir} (logs: <node>/cometts.log)\n`);

  const running: Running[] = testnet.nodes.map((node) => {
    const log = openSync(join(node.home, 'cometts.log'), 'a');
    const child = spawn(process.execPath, [cliPath, 'start', '--home', node.home, '--log_format', 'json'], {
      stdio: ['ignore', log, log],
    });
    const entry: Running = { node, child };
    child.on('exit', (code, signal) => (entry.exit = code ?? signal ?? 'exited'));
    return entry;
  });

  const tty = process.stdout.isTTY === true;
  let drawnLines = 0;
  let stopping = false;
  const startedAt = Date.now();

  const draw = async () => {
    const summaries: NodeSummary[] = await Promise.all(
      running.map(async (r) => (r.exit !== undefined ? { node: r.node, exited: r.exit } : await pollNode(r.node))),
    );
    if (stopping) return;
    const lines = renderSummary(summaries, Date.now() - startedAt);
    if (tty && drawnLines > 0) process.stdout.write(`\x1b[${drawnLines}A\x1b[0J`);
    process.stdout.write(`${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };

  const interval = tty ? 1000 : 5000;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    await draw().catch((err: Error) => process.stderr.write(`summary failed: ${err.message}\n`));
    if (!stopping) timer = setTimeout(loop, interval);
  };
  void loop();

  await new Promise<void>((done) => {
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      done();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // If every node died there is nothing left to watch.
    const watchdog = setInterval(() => {
      if (running.every((r) => r.exit !== undefined)) {
        clearInterval(watchdog);
        onSignal();
      }
    }, 500);
  });
  if (timer) clearTimeout(timer);
  process.stdout.write('\nstopping the local network…\n');
  return stopAll(running);
}

/** SIGTERM every node, wait for graceful exits (SIGKILL after 15 s), report. */
async function stopAll(running: Running[]): Promise<number> {
  await Promise.all(
    running.map(
      (r) =>
        new Promise<void>((done) => {
          if (r.exit !== undefined) return done();
          const kill = setTimeout(() => r.child.kill('SIGKILL'), 15_000);
          r.child.once('exit', () => {
            clearTimeout(kill);
            done();
          });
          r.child.kill('SIGTERM');
        }),
    ),
  );
  let clean = true;
  for (const r of running) {
    const ok = r.exit === 0 || r.exit === 'SIGTERM' || r.exit === 'SIGINT';
    clean &&= ok;
    process.stdout.write(`${r.node.name}: ${r.exit === 0 ? 'stopped' : `exited with ${r.exit}`}\n`);
  }
  return clean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`localnet: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
