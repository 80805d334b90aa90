import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AddrBook,
  AddrBookFileCorruptError,
  AddrBookFileUnreadableError,
  GO_ZERO_TIME_MS,
  formatGoTime,
  parseGoTime,
  readBookFile,
} from '../src/index.js';
import { FakeClock, addr, nodeId, seededRandom } from './helpers.js';

const ID_A = nodeId('a');
const ID_B = nodeId('b');
const ID_S = nodeId('s');

/** A small addrbook.json as Go CometBFT writes it (json.MarshalIndent with "\t"). */
const GO_FILE = `{
\t"key": "d5c5a3ab5e3bbe3e1c5ba1ff",
\t"addrs": [
\t\t{
\t\t\t"addr": {
\t\t\t\t"id": "${ID_A}",
\t\t\t\t"ip": "1.2.3.4",
\t\t\t\t"port": 26656
\t\t\t},
\t\t\t"src": {
\t\t\t\t"id": "${ID_S}",
\t\t\t\t"ip": "5.6.7.8",
\t\t\t\t"port": 26656
\t\t\t},
\t\t\t"buckets": [
\t\t\t\t17,
\t\t\t\t203
\t\t\t],
\t\t\t"attempts": 2,
\t\t\t"bucket_type": 1,
\t\t\t"last_attempt": "2024-01-02T03:04:05.123456789Z",
\t\t\t"last_success": "0001-01-01T00:00:00Z",
\t\t\t"last_ban_time": "0001-01-01T00:00:00Z"
\t\t},
\t\t{
\t\t\t"addr": {
\t\t\t\t"id": "${ID_B}",
\t\t\t\t"ip": "2a01:4f8::1",
\t\t\t\t"port": 26656
\t\t\t},
\t\t\t"src": {
\t\t\t\t"id": "${ID_S}",
\t\t\t\t"ip": "5.6.7.8",
\t\t\t\t"port": 26656
\t\t\t},
\t\t\t"buckets": [
\t\t\t\t42
\t\t\t],
\t\t\t"attempts": 0,
\t\t\t"bucket_type": 2,
\t\t\t"last_attempt": "2024-01-02T05:04:05.5+02:00",
\t\t\t"last_success": "2024-01-02T05:04:05.5+02:00",
\t\t\t"last_ban_time": "0001-01-01T00:00:00Z"
\t\t}
\t]
}`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'addrbook-'));
});
afterEach(() => vi.useRealTimers());

describe('Go time format', () => {
  it('parses RFC 3339 with nanoseconds and offsets, and prints RFC3339Nano in UTC', () => {
    expect(parseGoTime('0001-01-01T00:00:00Z')).toBe(GO_ZERO_TIME_MS);
    expect(parseGoTime('2024-01-02T03:04:05.123456789Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 123));
    expect(parseGoTime('2024-01-02T05:04:05.5+02:00')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 500));
    expect(parseGoTime('2024-01-02T00:00:00-01:30')).toBe(Date.UTC(2024, 0, 2, 1, 30));
    for (const bad of ['', '2024-01-02', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-02T03:04:05', 'x']) {
      expect(parseGoTime(bad)).toBeUndefined();
    }
    expect(formatGoTime(GO_ZERO_TIME_MS)).toBe('0001-01-01T00:00:00Z');
    expect(formatGoTime(Date.UTC(2024, 0, 2, 3, 4, 5, 120))).toBe('2024-01-02T03:04:05.12Z');
    expect(formatGoTime(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02T03:04:05Z');
  });
});

describe('addrbook.json', () => {
  it('loads a Go-written file into the listed buckets with its key', async () => {
    const file = join(dir, 'addrbook.json');
    writeFileSync(file, GO_FILE);
    const book = new AddrBook({ filePath: file, clock: new FakeClock(), random: seededRandom(1) });
    await book.start();
    expect(book.key).toBe('d5c5a3ab5e3bbe3e1c5ba1ff');
    expect(book.size).toBe(2);
    expect(book.newCount).toBe(1);
    expect(book.oldCount).toBe(1);
    expect(book.getEntry(ID_A)).toMatchObject({
      bucketType: 'new',
      buckets: [17, 203],
      attempts: 2,
      lastAttempt: Date.UTC(2024, 0, 2, 3, 4, 5, 123),
      lastSuccess: GO_ZERO_TIME_MS,
    });
    expect(book.getEntry(ID_A)!.src.toString()).toBe(`${ID_S}@5.6.7.8:26656`);
    expect(book.getEntry(ID_B)).toMatchObject({ bucketType: 'old', buckets: [42], lastSuccess: Date.UTC(2024, 0, 2, 3, 4, 5, 500) });
    expect(book.getEntry(ID_B)!.addr.toString()).toBe(`${ID_B}@[2a01:4f8::1]:26656`);
    expect(book.isGood(addr('b', '2a01:4f8::1'))).toBe(true);
    await book.stop();
    expect(book.loadProblem).toBeUndefined();
  });

  it('writes the same Go shape back (tab-indented, UTC RFC 3339 times)', async () => {
    const file = join(dir, 'addrbook.json');
    writeFileSync(file, GO_FILE);
    const book = new AddrBook({ filePath: file, saveIntervalMs: 0 });
    await book.start();
    await book.stop();
    const expected = GO_FILE.replace('.123456789Z', '.123Z').replaceAll('2024-01-02T05:04:05.5+02:00', '2024-01-02T03:04:05.5Z');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    expect(readdirSync(dir)).toEqual(['addrbook.json']); // no temp file left behind
  });

  it('round-trips a book across restarts (key, entries, buckets, bans not persisted)', async () => {
    const file = join(dir, 'addrbook.json');
    const clock = new FakeClock();
    const first = new AddrBook({ filePath: file, clock, random: seededRandom(2) });
    await first.start();
    for (let i = 0; i < 40; i++) first.addAddress(addr(i, `${20 + i}.1.2.3`), addr('src', '5.6.7.8'));
    first.markGood(nodeId(3));
    first.markAttempt(addr(4, '24.1.2.3'));
    await first.stop();

    const second = new AddrBook({ filePath: file, clock, random: seededRandom(3) });
    await second.start();
    expect(second.key).toBe(first.key);
    expect([...second.entries()].sort((x, y) => x.addr.id.localeCompare(y.addr.id))).toEqual(
      [...first.entries()].sort((x, y) => x.addr.id.localeCompare(y.addr.id)),
    );
    await second.stop();
  });

  it('saves periodically while running', async () => {
    const file = join(dir, 'addrbook.json');
    const book = new AddrBook({ filePath: file, saveIntervalMs: 20 });
    await book.start();
    book.addAddress(addr(1, '1.2.3.4'), addr('s', '5.6.7.8'));
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain(nodeId(1)), { timeout: 5000 });
    await book.stop();
  });

  const corruptions: [string, string][] = [
    ['not JSON', '{"key": "abc", "addrs": ['],
    ['bucket out of range', GO_FILE.replace('\t\t\t\t203\n', '\t\t\t\t256\n')],
    ['bad bucket type', GO_FILE.replace('"bucket_type": 2', '"bucket_type": 3')],
    ['bad time', GO_FILE.replace('2024-01-02T03:04:05.123456789Z', 'yesterday')],
    ['bad ip', GO_FILE.replace('"1.2.3.4"', '"1.2.3.400"')],
    ['duplicate id', GO_FILE.replaceAll(ID_B, ID_A)],
    ['old in two buckets', GO_FILE.replace('\t\t\t\t42\n', '\t\t\t\t42,\n\t\t\t\t43\n')],
    ['missing key', GO_FILE.replace('"key": "d5c5a3ab5e3bbe3e1c5ba1ff"', '"key": 5')],
  ];

  it.each(corruptions)('a corrupt file (%s) is a typed error naming the file', async (_name, text) => {
    const file = join(dir, 'addrbook.json');
    writeFileSync(file, text);
    const err = await readBookFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddrBookFileCorruptError);
    expect((err as AddrBookFileCorruptError).file).toBe(file);
    expect((err as Error).message).toContain(file);
    const book = new AddrBook({ filePath: file, corruptFile: 'throw' });
    await expect(book.start()).rejects.toBeInstanceOf(AddrBookFileCorruptError);
    expect(readFileSync(file, 'utf8')).toBe(text); // untouched
  });

  it('by default a corrupt file is moved aside and the book starts empty', async () => {
    const file = join(dir, 'addrbook.json');
    writeFileSync(file, '{ definitely not an address book');
    const errors: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) };
    const book = new AddrBook({ filePath: file, clock: new FakeClock(), logger });
    await book.start();
    expect(book.size).toBe(0);
    const problem = book.loadProblem!;
    expect(problem.error).toBeInstanceOf(AddrBookFileCorruptError);
    expect(problem.movedTo).toMatch(/addrbook\.json\.corrupt-2024-01-02T03-04-05-000Z$/);
    expect(readFileSync(problem.movedTo, 'utf8')).toBe('{ definitely not an address book');
    expect(existsSync(file)).toBe(false);
    expect(errors.length).toBe(1);
    book.addAddress(addr(1, '1.2.3.4'), addr('s', '5.6.7.8'));
    await book.stop();
    expect(JSON.parse(readFileSync(file, 'utf8')).addrs).toHaveLength(1);
    // A second bad file in the same millisecond does not overwrite the first one set aside.
    writeFileSync(file, 'also bad');
    const again = new AddrBook({ filePath: file, clock: new FakeClock() });
    await again.start();
    expect(again.loadProblem!.movedTo).not.toBe(problem.movedTo);
    expect(readFileSync(problem.movedTo, 'utf8')).toBe('{ definitely not an address book');
    await again.stop();
  });

  it('an unreadable file (a directory) is a typed error, moved aside by default', async () => {
    const file = join(dir, 'addrbook.json');
    mkdirSync(file);
    await expect(readBookFile(file)).rejects.toBeInstanceOf(AddrBookFileUnreadableError);
    const book = new AddrBook({ filePath: file, clock: new FakeClock() });
    await book.start();
    expect(book.loadProblem!.error).toBeInstanceOf(AddrBookFileUnreadableError);
    await book.stop();
    expect(JSON.parse(readFileSync(file, 'utf8')).addrs).toEqual([]);
  });

  it('a missing file is simply an empty book', async () => {
    const book = new AddrBook({ filePath: join(dir, 'nope', '..', 'addrbook.json') });
    await book.start();
    expect(book.size).toBe(0);
    expect(book.loadProblem).toBeUndefined();
    await book.stop();
  });
});
