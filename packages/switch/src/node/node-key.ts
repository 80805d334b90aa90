/**
 * `config/node_key.json`: the node's Ed25519 identity in CometBFT's format.
 * Loaded if present, otherwise generated and written crash-safe with mode 0600.
 */
import { readFile } from 'node:fs/promises';
import { Ed25519PrivateKey, nodeIdFromPubKey, parseNodeKeyJson, serializeNodeKeyJson, writeFileAtomic, type NodeKey } from '@cometts/types';

/** Reads and parses node_key.json; throws KeyFileError if malformed, ENOENT if absent. */
export async function loadNodeKey(path: string): Promise<NodeKey> {
  return parseNodeKeyJson(await readFile(path, 'utf8'));
}

/** Writes node_key.json exactly as CometBFT does (compact JSON, mode 0600), atomically. */
export async function saveNodeKey(path: string, privateKey: Ed25519PrivateKey): Promise<NodeKey> {
  await writeFileAtomic(path, serializeNodeKeyJson(privateKey), { mode: 0o600, createDir: true });
  return { privateKey, nodeId: nodeIdFromPubKey(privateKey.publicKey) };
}

/** LoadOrGenNodeKey: the existing key, or a new random one saved to `path`. */
export async function loadOrCreateNodeKey(path: string): Promise<NodeKey> {
  try {
    return await loadNodeKey(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return saveNodeKey(path, Ed25519PrivateKey.generate());
}
