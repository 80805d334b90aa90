import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cometts-atomic-'));

describe('writeFileAtomic', () => {
  test('replaces a file and applies the mode whatever the umask', async () => {
    const d = dir();
    const file = join(d, 'state.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new', { mode: 0o640 });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(d)).toEqual(['state.json']);
  });

  test('a crash at the rename leaves the old file and no temp file', async () => {
    const d = dir();
    const file = join(d, 'state.json');
    writeFileSync(file, 'old');
    const crash = () => Promise.reject(new Error('power loss'));
    await expect(writeFileAtomic(file, 'new', { rename: crash })).rejects.toThrow('power loss');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['state.json']);
  });

  test('creates the directory when asked', async () => {
    const file = join(dir(), 'config', 'node_key.json');
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]), { createDir: true });
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('sync variant writes and replaces', () => {
    const d = dir();
    const file = join(d, 'genesis.json');
    writeFileAtomicSync(file, 'a', { mode: 0o644 });
    writeFileAtomicSync(file, 'b', { mode: 0o644 });
    expect(readFileSync(file, 'utf8')).toBe('b');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(d)).toEqual(['genesis.json']);
  });
});
