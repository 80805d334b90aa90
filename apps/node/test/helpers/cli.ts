/** Driving the built `cometts` CLI (dist/cli.js) as separate processes. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const CLI = join(PACKAGE_DIR, 'dist', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with tsup when it is missing or older than src/ (turbo normally builds first). */
export function ensureBuilt(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(PACKAGE_DIR, 'src'))) return;
  const tsup = [join(PACKAGE_DIR, 'node_modules', '.bin', 'tsup'), join(PACKAGE_DIR, '..', '..', 'node_modules', '.bin', 'tsup')].find(
    (p) => existsSync(p),
  );
  const result = spawnSync(tsup ?? 'npx', tsup ? [] : ['tsup'], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsup failed:\n${result.stdout}\n${result.stderr}`);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like cli(), without blocking: independent invocations can run side by side. */
export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export interface RunningNode {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

export function startNode(args: string[]): RunningNode {
  const child = spawn(process.execPath, [CLI, 'start', '--log_format', 'json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  return { child, output: () => output, exited };
}

/** Kills whatever a failed test left running. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function rpc<T = unknown>(port: number, route: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/${route}`, { signal: AbortSignal.timeout(2000) });
  return ((await res.json()) as { result: T }).result;
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** The node IDs a node reports in /net_info. */
export async function peerIds(rpcPort: number): Promise<string[]> {
  const info = await rpc<{ peers: { node_info: { id: string } }[] }>(rpcPort, 'net_info');
  return info.peers.map((p) => p.node_info.id).sort();
}
