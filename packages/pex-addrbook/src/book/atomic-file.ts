/**
 * Setting a bad address-book file aside without ever replacing another file.
 * (Crash-safe writes themselves are `writeFileAtomic` from @cometts/types.)
 */
import { link, lstat, rename, unlink } from 'node:fs/promises';

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
