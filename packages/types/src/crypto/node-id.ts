/**
 * Node IDs: lowercase hex of the first 20 bytes of SHA-256 of the node's
 * Ed25519 public key. IDs are compared as strings everywhere, so we always
 * emit lowercase; the parser accepts uppercase as Go's hex decoder does.
 */
import { CometError } from '../errors.js';
import { addressFromPubKey } from './hash.js';

export const NODE_ID_BYTES = 20;
export const NODE_ID_HEX_LENGTH = 40;

/** A node ID string (40 hex characters). */
export type NodeId = string;

export function nodeIdFromPubKey(pubKey: Uint8Array): NodeId {
  if (pubKey.length !== 32) throw new InvalidNodeIdError(`ed25519 public key of ${pubKey.length} bytes`, 'public key must be 32 bytes');
  return Buffer.from(addressFromPubKey(pubKey)).toString('hex');
}

/** A string that is not a node ID. */
export class InvalidNodeIdError extends CometError {
  readonly code = 'INVALID_NODE_ID';
  constructor(
    readonly id: string,
    readonly reason: string,
  ) {
    super(`invalid node ID ${JSON.stringify(id.length > 100 ? `${id.slice(0, 100)}…` : id)}: ${reason}`);
  }
}

const HEX = /^[0-9a-fA-F]*$/;

/** Why `id` is not a valid node ID (Go's validateID), or undefined if it is. */
export function nodeIdProblem(id: string): string | undefined {
  if (id.length === 0) return 'no ID';
  if (id.length % 2 !== 0 || !HEX.test(id)) return 'not hex';
  if (id.length !== NODE_ID_HEX_LENGTH) return `expected ${NODE_ID_BYTES} bytes, got ${id.length / 2}`;
  return undefined;
}

export function isValidNodeId(id: string): boolean {
  return nodeIdProblem(id) === undefined;
}

/** Throws InvalidNodeIdError unless `id` is a valid node ID; returns it unchanged. */
export function validateNodeId(id: string): NodeId {
  const problem = nodeIdProblem(id);
  if (problem !== undefined) throw new InvalidNodeIdError(id, problem);
  return id;
}
