import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Ed25519PrivateKey, KeyFileError, parseNodeKeyJson } from '@cometts/types';
import { loadNodeKey, loadOrCreateNodeKey, saveNodeKey } from '../src/index.js';
import { hasVectors, readVectorJson, unhex } from '../../../testing/vectors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cometts-node-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('node_key.json', () => {
  test('created once with mode 0600, then loaded unchanged', async () => {
    const path = join(dir, 'config', 'node_key.json');
    const created = await loadOrCreateNodeKey(path);
    expect(created.nodeId).toMatch(/^[0-9a-f]{40}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^\{"priv_key":\{"type":"tendermint\/PrivKeyEd25519","value":"[A-Za-z0-9+/]{86}=="\}\}$/);
    const loaded = await loadOrCreateNodeKey(path);
    expect(loaded.nodeId).toBe(created.nodeId);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(join(dir, 'config'))).toEqual(['node_key.json']);
  });

  test.skipIf(!hasVectors)('writes exactly what CometBFT writes (vector)', async () => {
    const vectors = readVectorJson('node-id.json');
    for (const example of vectors.examples.filter((e: { node_key_json?: unknown }) => e.node_key_json)) {
      const path = join(dir, `${example.node_id}.json`);
      const key = await saveNodeKey(path, Ed25519PrivateKey.fromSeed(unhex(example.seed_hex)));
      expect(key.nodeId).toBe(example.node_id);
      expect(await readFile(path, 'utf8')).toBe(JSON.stringify(example.node_key_json));
      expect((await loadNodeKey(path)).nodeId).toBe(example.node_id);
    }
  });

  test('a malformed file is a KeyFileError, never silently replaced', async () => {
    const path = join(dir, 'node_key.json');
    await writeFile(path, '{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"AAAA"}}');
    await expect(loadOrCreateNodeKey(path)).rejects.toBeInstanceOf(KeyFileError);
    expect(await readFile(path, 'utf8')).toContain('AAAA');
  });

  test('crash safety: a process killed while rewriting leaves the old or the new key, never a partial file', async () => {
    const path = join(dir, 'node_key.json');
    await saveNodeKey(path, Ed25519PrivateKey.generate());
    const source = fileURLToPath(new URL('../src/node/node-key.ts', import.meta.url));
    const script = `
      import { saveNodeKey } from ${JSON.stringify(source)};
      import { Ed25519PrivateKey } from '@cometts/types';
      process.send?.('ready');
      for (;;) await saveNodeKey(${JSON.stringify(path)}, Ed25519PrivateKey.generate());
    `;
    const seen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--conditions=@cometts/source', '--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const key = parseNodeKeyJson(await readFile(path, 'utf8'));
      expect(key.nodeId).toMatch(/^[0-9a-f]{40}$/);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      seen.add(key.nodeId);
    }
    // The writer really was replacing the file when it was killed.
    expect(seen.size).toBeGreaterThan(1);
  }, 60_000);
});
