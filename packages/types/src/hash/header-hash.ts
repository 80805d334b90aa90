/**
 * Header.Hash: a Merkle root over the 14 header fields in field order. Plain
 * values are wrapped (StringValue / Int64Value / BytesValue) and a zero value
 * becomes an empty leaf, not an empty wrapper. A header without a validators
 * hash has no hash at all.
 */
import { f, message } from '../proto/index.js';
import { BlockID } from '../messages/block-id.js';
import { ConsensusVersion, type Header } from '../messages/header.js';
import { Timestamp } from '../messages/timestamp.js';
import { merkleRoot } from '../crypto/merkle.js';

/** google.protobuf wrapper messages, used only to encode header leaves. */
export const StringValue = message('StringValue', { value: f.string(1) });
export const Int64Value = message('Int64Value', { value: f.int64(1) });
export const BytesValue = message('BytesValue', { value: f.bytes(1) });

const EMPTY = new Uint8Array(0);

const wrapString = (value: string) => (value.length === 0 ? EMPTY : StringValue.encode({ value }));
const wrapInt64 = (value: bigint) => (value === 0n ? EMPTY : Int64Value.encode({ value }));
const wrapBytes = (value: Uint8Array) => (value.length === 0 ? EMPTY : BytesValue.encode({ value }));

/** The 14 Merkle leaves of a header, in field order. */
export function headerLeaves(header: Header): Uint8Array[] {
  return [
    ConsensusVersion.encode(header.version),
    wrapString(header.chainId),
    wrapInt64(header.height),
    Timestamp.encode(header.time),
    BlockID.encode(header.lastBlockId),
    wrapBytes(header.lastCommitHash),
    wrapBytes(header.dataHash),
    wrapBytes(header.validatorsHash),
    wrapBytes(header.nextValidatorsHash),
    wrapBytes(header.consensusHash),
    wrapBytes(header.appHash),
    wrapBytes(header.lastResultsHash),
    wrapBytes(header.evidenceHash),
    wrapBytes(header.proposerAddress),
  ];
}

/** The header (and so block) hash; undefined when `validatorsHash` is empty, as in CometBFT. */
export function headerHash(header: Header): Uint8Array | undefined {
  if (header.validatorsHash.length === 0) return undefined;
  return merkleRoot(headerLeaves(header));
}
