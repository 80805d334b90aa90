/**
 * The consensus write-ahead log (consensus-algorithm.md §11): buffered
 * appends flushed and fsynced every 2 s, on `writeSync`, before the node's own
 * signatures (the driver calls `flushAndSync`) and at close. A torn or damaged
 * head is repaired at open as upstream does: the head is copied to
 * `wal.CORRUPTED` and cut back to its intact records.
 */
import { copyFile, readFile } from 'node:fs/promises';
import type { Timestamp } from '@cometts/types';
import { WalClosedError, WalCorruptionError } from './errors.js';
import { DEFAULT_GROUP_LIMITS, WalGroup, type WalGroupLimits } from './group.js';
import type { WALMessage } from './messages.js';
import { decodeRecords, encodeRecord, type WalRecord } from './record.js';

export interface WalOptions extends Partial<WalGroupLimits> {
  /** Flush+fsync buffered records this often (upstream 2 s). */
  flushIntervalMs?: number;
  /** Repair a corrupted head at open (default true); false makes open throw the WalCorruptionError. */
  repair?: boolean;
  /** Record timestamps (default: the wall clock). */
  now?: () => Timestamp;
  /** Called when a background flush fails; the failure is also rethrown by the next call. */
  onError?: (err: unknown) => void;
}

/** What the consensus driver uses of the WAL (tests wrap it to inject crashes). */
export type Wal = Pick<ConsensusWal, 'write' | 'writeSync' | 'flushAndSync' | 'recordsAfterEndHeight'>;

export function wallClockTimestamp(): Timestamp {
  const ms = Date.now();
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export class ConsensusWal {
  private pending: Uint8Array[] = [];
  private io: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly group: WalGroup,
    private readonly now: () => Timestamp,
    flushIntervalMs: number,
    private readonly onError: ((err: unknown) => void) | undefined,
    /** The corruption repaired at open, if any (for the caller to log). */
    readonly repaired: WalCorruptionError | undefined,
  ) {
    this.timer = setInterval(() => {
      this.flushAndSync().catch(() => undefined);
    }, flushIntervalMs);
    this.timer.unref();
  }

  /** Opens (creating if needed) the WAL whose head file is `headPath` (e.g. `data/cs.wal/wal`). */
  static async open(headPath: string, options: WalOptions = {}): Promise<ConsensusWal> {
    const limits = { ...DEFAULT_GROUP_LIMITS, ...options };
    const repaired = await checkHead(headPath, options.repair ?? true);
    const group = await WalGroup.open(headPath, limits);
    const wal = new ConsensusWal(group, options.now ?? wallClockTimestamp, options.flushIntervalMs ?? 2000, options.onError, repaired);
    if (group.size === 0) await wal.writeSync({ case: 'endHeight', value: { height: 0n } });
    return wal;
  }

  get headPath(): string {
    return this.group.headPath;
  }

  /** Buffers one record (durable after the next flushAndSync). */
  write(msg: WALMessage): void {
    this.ensureUsable();
    this.pending.push(encodeRecord(this.now(), msg));
  }

  /** Writes one record and makes it (and everything before it) durable. */
  async writeSync(msg: WALMessage): Promise<void> {
    this.write(msg);
    await this.flushAndSync();
  }

  /** Writes every buffered record and fsyncs the head. */
  flushAndSync(): Promise<void> {
    this.ensureUsable();
    const run = this.io.then(async () => {
      const chunks = this.pending;
      this.pending = [];
      if (chunks.length > 0) await this.group.append(concat(chunks));
      await this.group.sync();
      await this.group.maybeRotate();
    });
    this.io = run.catch((err: unknown) => {
      this.failure ??= err;
      this.onError?.(err);
    });
    return run;
  }

  /**
   * The records written after `end_height{height}`, oldest first, or
   * undefined when the WAL holds no such marker. Searches newest file first.
   */
  async recordsAfterEndHeight(height: bigint): Promise<WalRecord[] | undefined> {
    await this.flushAndSync();
    const newer: WalRecord[][] = [];
    for (const file of await this.group.filesNewestFirst()) {
      const records = [...decodeRecords(await readFile(file), file)];
      let found = -1;
      for (let i = records.length - 1; i >= 0 && found < 0; i--) {
        const m = records[i]!.msg;
        if (m.case === 'endHeight' && m.value.height === height) found = i;
      }
      if (found >= 0) return [...records.slice(found + 1), ...newer.reverse().flat()];
      newer.push(records);
    }
    return undefined;
  }

  /** True if any file of the WAL holds `end_height{height}`. */
  async hasEndHeight(height: bigint): Promise<boolean> {
    return (await this.recordsAfterEndHeight(height)) !== undefined;
  }

  /** Flushes, fsyncs and closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushAndSync();
    this.closed = true;
    clearInterval(this.timer);
    await this.io;
    await this.group.close();
  }

  /**
   * Stops using the WAL without flushing buffered records: what a crash
   * leaves on disk. Used to test recovery.
   */
  async abandon(): Promise<void> {
    this.closed = true;
    this.pending = [];
    clearInterval(this.timer);
    await this.io;
    await this.group.close();
  }

  private ensureUsable(): void {
    if (this.closed) throw new WalClosedError();
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Finds the first bad record of the head; repairs (copy + truncate) or throws. */
async function checkHead(headPath: string, repair: boolean): Promise<WalCorruptionError | undefined> {
  let buf: Uint8Array;
  try {
    buf = await readFile(headPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let error: WalCorruptionError;
  try {
    for (const _record of decodeRecords(buf, headPath));
    return undefined;
  } catch (err) {
    if (!(err instanceof WalCorruptionError)) throw err;
    error = err;
  }
  if (!repair) throw error;
  await copyFile(headPath, `${headPath}.CORRUPTED`);
  const group = await WalGroup.open(headPath);
  try {
    await group.truncateHead(error.offset);
  } finally {
    await group.close();
  }
  return error;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
