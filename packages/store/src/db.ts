/**
 * The key-value database the stores run on: any `abstract-level` database
 * (classic-level on disk, memory-level in tests). Keys are ASCII strings and
 * values bytes; every call names its encodings, so the database's own
 * defaults do not matter.
 */
import type { AbstractLevel } from 'abstract-level';
import { ClassicLevel } from 'classic-level';
import { MemoryLevel } from 'memory-level';

/** An abstract-level database (its default encodings are irrelevant to the stores). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LevelDb = AbstractLevel<any, any, any>;

export type WriteOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

const KV = { keyEncoding: 'utf8', valueEncoding: 'view' } as const;

/** A new in-memory database (tests, ephemeral nodes). */
export async function openMemoryDb(): Promise<LevelDb> {
  const db = new MemoryLevel<string, Uint8Array>(KV);
  await db.open();
  return db;
}

/** A LevelDB database in directory `location` (created if missing), as CometBFT's `<name>.db`. */
export async function openDiskDb(location: string): Promise<LevelDb> {
  const db = new ClassicLevel<string, Uint8Array>(location, KV);
  await db.open();
  return db;
}

export async function getBytes(db: LevelDb, key: string): Promise<Uint8Array | undefined> {
  const value: unknown = await db.get(key, KV);
  return value === undefined ? undefined : (value as Uint8Array);
}

/**
 * Applies `ops` atomically: either all of them are written or none. `sync`
 * asks an on-disk database to fsync before resolving (state that must
 * survive a crash).
 */
export async function writeBatch(db: LevelDb, ops: readonly WriteOp[], sync = true): Promise<void> {
  if (ops.length === 0) return;
  await db.batch(ops as WriteOp[], { ...KV, sync } as typeof KV);
}

/** Runs async tasks one at a time, in call order (keeps in-memory counters and the db in step). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
