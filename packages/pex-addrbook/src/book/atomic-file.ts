/**
 * Crash-safe file replacement: write a temp file in the same directory, fsync
 * it, rename it over the target, then fsync the directory so the rename
 * itself survives a crash. A reader sees the old file or the new one, never a
 * partial one.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  // Persist the directory entry. Some platforms cannot open directories; the rename already happened.
  try {
    handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  }
}

/** Moves a bad file aside as `<path>.corrupt-<timestamp>` (never over an existing file) and returns the new path. */
export async function quarantineFile(path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = n === 0 ? `${path}.corrupt-${stamp}` : `${path}.corrupt-${stamp}-${n}`;
    if (await moveWithoutReplacing(path, target)) return target;
  }
}

/** False if `target` already exists. link() refuses to replace atomically; directories fall back to a check then rename. */
async function moveWithoutReplacing(path: string, target: string): Promise<boolean> {
  try {
    await link(path, target);
    await unlink(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'EISDIR' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  }
  try {
    await lstat(target);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(path, target);
  return true;
}
