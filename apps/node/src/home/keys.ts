/**
 * Node and validator key files in a home: load them, or create them the way
 * `cometbft init` does (new Ed25519 keys, mode 0600, atomic writes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadOrCreateNodeKey } from '@cometts/switch';
import {
  Ed25519PrivateKey,
  parseNodeKeyJson,
  parsePrivValidatorKeyJson,
  serializePrivValidatorKeyJson,
  type NodeKey,
  type PrivValidatorKey,
  writeFileAtomicSync,
} from '@cometts/types';
import { HomeFileError } from '../errors.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HomeFileError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
}

/** Loads node_key.json; errors name the file. */
export function loadNodeKey(file: string): NodeKey {
  try {
    return parseNodeKeyJson(readText(file));
  } catch (err) {
    if (err instanceof HomeFileError) throw err;
    throw new HomeFileError(file, (err as Error).message, { cause: err });
  }
}

/** Loads node_key.json, creating a new key first if the file is missing (@cometts/switch's NodeKey). */
export async function loadOrGenNodeKey(file: string): Promise<NodeKey> {
  try {
    return await loadOrCreateNodeKey(file);
  } catch (err) {
    throw new HomeFileError(file, (err as Error).message, { cause: err });
  }
}

/** The signer state file as CometBFT writes it before any signature. */
export const INITIAL_PRIV_VALIDATOR_STATE = JSON.stringify({ height: '0', round: 0, step: 0 }, null, 2);

/** Loads priv_validator_key.json; address and pub_key are recomputed from priv_key. */
export function loadPrivValidatorKey(file: string): PrivValidatorKey {
  try {
    return parsePrivValidatorKeyJson(readText(file));
  } catch (err) {
    if (err instanceof HomeFileError) throw err;
    throw new HomeFileError(file, (err as Error).message, { cause: err });
  }
}

/**
 * `cometbft init`'s rule: a missing key file means a new key and a fresh
 * state file; an existing key needs its state file.
 */
export function loadOrGenPrivValidator(keyFile: string, stateFile: string): PrivValidatorKey {
  if (!existsSync(keyFile)) {
    writeFileAtomicSync(keyFile, serializePrivValidatorKeyJson(Ed25519PrivateKey.generate()), { mode: 0o600 });
    writeFileAtomicSync(stateFile, INITIAL_PRIV_VALIDATOR_STATE, { mode: 0o600 });
  } else if (!existsSync(stateFile)) {
    throw new HomeFileError(stateFile, `missing: ${keyFile} exists but its signer state file does not`);
  }
  return loadPrivValidatorKey(keyFile);
}
