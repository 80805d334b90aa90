/**
 * The WAL's file group, laid out as CometBFT's autofile group: the head file
 * (`…/wal`) takes appends; when it reaches `headSizeLimit` it is renamed to
 * `wal.NNN` (next index) and a fresh head is opened; the oldest rotated files
 * are deleted while the group exceeds `totalSizeLimit`.
 */
import { open, readdir, rename, stat, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WalGroupLimits {
  /** Rotate the head once it holds this many bytes (upstream 10 MiB). */
  headSizeLimit: number;
  /** Delete the oldest rotated files while the group is larger (upstream 1 GiB). */
  totalSizeLimit: number;
}

export const DEFAULT_GROUP_LIMITS: WalGroupLimits = { headSizeLimit: 10 * 1024 * 1024, totalSizeLimit: 1024 * 1024 * 1024 };

export class WalGroup {
  /** Bytes were appended since the last sync. */
  private dirty = false;

  private constructor(
    readonly headPath: string,
    private head: FileHandle,
    private headSize: number,
    private readonly limits: WalGroupLimits,
  ) {}

  static async open(headPath: string, limits: WalGroupLimits = DEFAULT_GROUP_LIMITS): Promise<WalGroup> {
    await mkdir(dirname(headPath), { recursive: true, mode: 0o700 });
    const head = await open(headPath, 'a+', 0o600);
    const { size } = await head.stat();
    await syncDir(dirname(headPath));
    return new WalGroup(headPath, head, size, limits);
  }

  get size(): number {
    return this.headSize;
  }

  /** Appends bytes at the end of the head (not yet durable: see sync). */
  async append(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.head.write(bytes, written, bytes.length - written, null);
      written += bytesWritten;
    }
    this.headSize += bytes.length;
    this.dirty = true;
  }

  /** Makes every appended byte durable (no syscall when nothing was appended since the last sync). */
  async sync(): Promise<void> {
    if (!this.dirty) return;
    await this.head.datasync();
    this.dirty = false;
  }

  /** Rotates the head if it is over its limit, then trims the group. */
  async maybeRotate(): Promise<void> {
    if (this.headSize < this.limits.headSizeLimit) return;
    await this.head.datasync();
    await this.head.close();
    const indexes = await this.rotatedIndexes();
    const next = indexes.length === 0 ? 0 : Math.max(...indexes) + 1;
    await rename(this.headPath, rotatedPath(this.headPath, next));
    this.head = await open(this.headPath, 'a+', 0o600);
    this.headSize = 0;
    await syncDir(dirname(this.headPath));
    await this.trim();
  }

  /** Paths of every file in the group, newest (the head) first. */
  async filesNewestFirst(): Promise<string[]> {
    const indexes = (await this.rotatedIndexes()).sort((a, b) => b - a);
    return [this.headPath, ...indexes.map((i) => rotatedPath(this.headPath, i))];
  }

  /** Cuts the head back to `length` bytes and makes that durable. */
  async truncateHead(length: number): Promise<void> {
    await this.head.truncate(length);
    await this.head.datasync();
    this.headSize = length;
    this.dirty = false;
  }

  async close(): Promise<void> {
    await this.head.close();
  }

  private async trim(): Promise<void> {
    const indexes = (await this.rotatedIndexes()).sort((a, b) => a - b);
    const sizes = await Promise.all(indexes.map(async (i) => (await stat(rotatedPath(this.headPath, i))).size));
    let total = this.headSize + sizes.reduce((a, b) => a + b, 0);
    for (let k = 0; k < indexes.length && total > this.limits.totalSizeLimit; k++) {
      await unlink(rotatedPath(this.headPath, indexes[k]!));
      total -= sizes[k]!;
    }
  }

  private async rotatedIndexes(): Promise<number[]> {
    const prefix = `${basename(this.headPath)}.`;
    const out: number[] = [];
    for (const name of await readdir(dirname(this.headPath))) {
      if (!name.startsWith(prefix)) continue;
      const suffix = name.slice(prefix.length);
      if (/^\d{3,}$/.test(suffix)) out.push(Number(suffix));
    }
    return out;
  }
}

/** `wal.000`, `wal.001`, … as Go's `%03d`. */
export function rotatedPath(headPath: string, index: number): string {
  return join(dirname(headPath), `${basename(headPath)}.${String(index).padStart(3, '0')}`);
}

/** fsync a directory so a created or renamed entry survives a crash. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
