/**
 * Crash-safe file replacement for the signer state: write a temporary file
 * in the same directory, fsync it, rename it over the target, fsync the
 * directory. A reader (or a restarted node) sees the old or the new content,
 * never a torn file. The rename is injectable so tests can crash there.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicFileOps {
  rename(from: string, to: string): Promise<void>;
}

export const nodeFileOps: AtomicFileOps = { rename };

async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

export async function writeFileAtomic(file: string, data: string, mode = 0o600, ops: AtomicFileOps = nodeFileOps): Promise<void> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
    await ops.rename(temp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDirectory(dir);
}
