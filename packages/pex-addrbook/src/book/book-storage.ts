/**
 * Loading and saving addrbook.json. A file that cannot be read or parsed is a
 * typed error naming it; in "quarantine" mode the file is moved aside (never
 * deleted or overwritten) and the book starts empty.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { AddrBookFileCorruptError, AddrBookFileUnreadableError, AddrBookSaveError } from '../errors.js';
import { writeFileAtomic } from '@cometts/types';
import { quarantineFile } from './atomic-file.js';
import { BookFileFormatError, decodeBookFile } from './book-file.js';

/** A real book is at most ~21 000 entries (a few MB); anything far bigger is not ours. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type CorruptFilePolicy = 'quarantine' | 'throw';

export type LoadedBook = ReturnType<typeof decodeBookFile>;

/** The file's content, or undefined if there is no file. Throws AddrBookFile*Error otherwise. */
export async function readBookFile(path: string): Promise<LoadedBook | undefined> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_FILE_BYTES) {
      throw new AddrBookFileCorruptError(path, `${info.size} bytes is larger than any address book (${MAX_FILE_BYTES})`);
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof AddrBookFileCorruptError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AddrBookFileUnreadableError(path, error);
  }
  try {
    return decodeBookFile(text);
  } catch (error) {
    if (error instanceof BookFileFormatError) throw new AddrBookFileCorruptError(path, error.message, { cause: error });
    throw error;
  }
}

export interface LoadOutcome {
  book: LoadedBook | undefined;
  /** Set when the file was bad and moved aside (quarantine policy). */
  problem?: AddrBookFileCorruptError | AddrBookFileUnreadableError;
  movedTo?: string;
}

export async function loadBookFile(path: string, policy: CorruptFilePolicy, logger: Logger, now: Date): Promise<LoadOutcome> {
  try {
    return { book: await readBookFile(path) };
  } catch (error) {
    if (policy === 'throw' || !(error instanceof AddrBookFileCorruptError || error instanceof AddrBookFileUnreadableError)) {
      throw error;
    }
    let movedTo: string;
    try {
      movedTo = await quarantineFile(path, now);
    } catch (moveError) {
      // Refuse to start rather than overwrite the bad file at the next save.
      logger.error('address book file is unusable and cannot be moved aside', {
        file: path,
        error: error.message,
        moveError: (moveError as Error).message,
      });
      throw error;
    }
    logger.error('address book file is unusable: moved aside, starting with an empty book', {
      file: path,
      movedTo,
      error: error.message,
      code: error.code,
    });
    return { book: undefined, problem: error, movedTo };
  }
}

export async function saveBookFile(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, text, { mode: 0o644 });
  } catch (error) {
    throw new AddrBookSaveError(path, error);
  }
}
