/**
 * Crash-safe file replacement, shared by everything a node must not forget
 * (node key, signer state, address book, home files): write a temp file in
 * the same directory, fsync it, rename it over the target, then fsync the
 * directory so the rename itself survives a power loss. A reader — or a node
 * restarted after a crash — sees the old file or the new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the result (applied after creation, so the umask cannot change it). Default 0o600. */
  mode?: number;
  /** Create the parent directory first. Default false. */
  createDir?: boolean;
  /** The rename step; tests inject a failing one to simulate a crash there. */
  rename?: (from: string, to: string) => Promise<void>;
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  if (options.createDir) await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    await (options.rename ?? rename)(temp, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDirectory(dirname(path));
}

/** The same, synchronously (for CLI commands that write a home before anything runs). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: Omit<AtomicWriteOptions, 'rename'> = {}): void {
  const mode = options.mode ?? 0o600;
  if (options.createDir) mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx', mode);
  let open = true;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fchmodSync(fd, mode);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(temp, path);
  } catch (err) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  let dirFd: number | undefined;
  try {
    dirFd = openSync(dirname(path), 'r');
    fsyncSync(dirFd);
  } catch {
    // As above: the rename is atomic even where a directory cannot be fsynced.
  } finally {
    if (dirFd !== undefined) closeSync(dirFd);
  }
}
