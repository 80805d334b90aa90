/** Decoding stored values, turning any failure into a StoreCorruptionError naming the key. */
import type { MessageType } from '@cometts/types';
import { getBytes, type LevelDb } from './db.js';
import { StoreCorruptionError } from './errors.js';

export function decodeStored<T>(type: MessageType<T>, key: string, bytes: Uint8Array): T {
  try {
    return type.decode(bytes);
  } catch (err) {
    throw new StoreCorruptionError(key, (err as Error).message, { cause: err });
  }
}

/** Loads and decodes `key`; undefined when absent. */
export async function loadMessage<T>(db: LevelDb, type: MessageType<T>, key: string): Promise<T | undefined> {
  const bytes = await getBytes(db, key);
  return bytes === undefined ? undefined : decodeStored(type, key, bytes);
}
