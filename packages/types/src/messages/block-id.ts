/** PartSetHeader and BlockID, with their ValidateBasic rules. */
import { f, message, type Infer } from '../proto/index.js';

export const HASH_SIZE = 32;
const hashOk = (h: Uint8Array) => h.length === 0 || h.length === HASH_SIZE;

export const PartSetHeader = message(
  'PartSetHeader',
  { total: f.uint32(1), hash: f.bytes(2) },
  [['part set header hash must be empty or 32 bytes', (p) => hashOk(p.hash), ['hash']]],
);
export type PartSetHeader = Infer<typeof PartSetHeader>;

export const BlockID = message(
  'BlockID',
  { hash: f.bytes(1), partSetHeader: f.message(2, PartSetHeader, { nn: true }) },
  [['block id hash must be empty or 32 bytes', (b) => hashOk(b.hash), ['hash']]],
);
export type BlockID = Infer<typeof BlockID>;

/** The nil BlockID: empty hash and empty part set header. */
export function isZeroBlockID(id: BlockID): boolean {
  return id.hash.length === 0 && id.partSetHeader.total === 0 && id.partSetHeader.hash.length === 0;
}

/** A BlockID naming a real block: 32-byte hash, at least one part, 32-byte PSH hash. */
export function isCompleteBlockID(id: BlockID): boolean {
  return id.hash.length === HASH_SIZE && id.partSetHeader.total > 0 && id.partSetHeader.hash.length === HASH_SIZE;
}

export function blockIDEquals(a: BlockID, b: BlockID): boolean {
  return (
    bytesEqual(a.hash, b.hash) &&
    a.partSetHeader.total === b.partSetHeader.total &&
    bytesEqual(a.partSetHeader.hash, b.partSetHeader.hash)
  );
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A map key for a BlockID (hash and part set header). */
export function blockIDKey(id: BlockID): string {
  return `${Buffer.from(id.hash).toString('hex')}:${id.partSetHeader.total}:${Buffer.from(id.partSetHeader.hash).toString('hex')}`;
}
