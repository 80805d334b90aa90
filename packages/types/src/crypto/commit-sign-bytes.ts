/**
 * Fast sign bytes for the precommits of one commit. Every signature of a
 * commit shares the type, height, round, chain ID and (for COMMIT flags) the
 * block ID; only the timestamp differs. The shared parts are encoded once and
 * each signature's bytes are assembled with a single allocation. Property
 * tests check the result equals `voteSignBytes` of the rebuilt vote.
 */
import { varintSize } from '../proto/index.js';
import type { BlockID } from '../messages/block-id.js';
import type { Timestamp } from '../messages/timestamp.js';
import { SignedMsgType } from '../messages/vote.js';
import { BlockIDFlag } from '../messages/commit.js';
import { CanonicalVote, canonicalBlockID } from './sign-bytes.js';

const TIMESTAMP_TAG = (5 << 3) | 2;
const TWO_POW_53 = 2n ** 53n;

/** Writes an unsigned varint of a non-negative safe integer; returns the new position. */
function putVarint(out: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    out[pos++] = (value & 0x7f) | 0x80;
    value = value >= 2 ** 32 ? Math.floor(value / 128) : value >>> 7;
  }
  out[pos++] = value;
  return pos;
}

function putVarint64(out: Uint8Array, pos: number, value: bigint): number {
  if (value >= 0n && value < TWO_POW_53) return putVarint(out, pos, Number(value));
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  out[pos++] = Number(v);
  return pos;
}

export class CommitSignBytes {
  /** Fields 1–4 (type, height, round, block ID) for COMMIT signatures. */
  private readonly forBlock: Uint8Array;
  /** Fields 1–3 for NIL signatures: the canonical block ID is left out. */
  private readonly forNil: Uint8Array;
  /** Field 6 (chain ID). */
  private readonly suffix: Uint8Array;
  private readonly scratch = new Uint8Array(24);

  constructor(chainId: string, height: bigint, round: number, blockId: BlockID) {
    const zeroTime = { seconds: 0n, nanos: 0 };
    const base = { type: SignedMsgType.Precommit, height, round: BigInt(round), timestamp: zeroTime, chainId: '' };
    // A Timestamp of 0/0 encodes as the two bytes "2a 00"; strip them to keep only fields 1–4.
    const withBlock = CanonicalVote.encode({ ...base, blockId: canonicalBlockID(blockId) });
    const withoutBlock = CanonicalVote.encode({ ...base, blockId: undefined });
    this.forBlock = withBlock.subarray(0, withBlock.length - 2);
    this.forNil = withoutBlock.subarray(0, withoutBlock.length - 2);
    const chainOnly = CanonicalVote.encode({ type: 0, height: 0n, round: 0n, blockId: undefined, timestamp: zeroTime, chainId });
    this.suffix = chainOnly.subarray(2);
  }

  /** delimited(CanonicalVote) of the precommit behind a commit signature. */
  signBytes(flag: number, timestamp: Timestamp): Uint8Array {
    const prefix = flag === BlockIDFlag.Commit ? this.forBlock : this.forNil;
    const ts = this.scratch;
    let tsLen = 0;
    if (timestamp.seconds !== 0n) {
      ts[tsLen++] = 0x08;
      tsLen = putVarint64(ts, tsLen, timestamp.seconds);
    }
    if (timestamp.nanos !== 0) {
      ts[tsLen++] = 0x10;
      tsLen = timestamp.nanos > 0 ? putVarint(ts, tsLen, timestamp.nanos) : putVarint64(ts, tsLen, BigInt(timestamp.nanos));
    }
    const bodyLen = prefix.length + 2 + tsLen + this.suffix.length;
    const out = new Uint8Array(varintSize(bodyLen) + bodyLen);
    let pos = putVarint(out, 0, bodyLen);
    out.set(prefix, pos);
    pos += prefix.length;
    out[pos++] = TIMESTAMP_TAG;
    out[pos++] = tsLen;
    out.set(ts.subarray(0, tsLen), pos);
    pos += tsLen;
    out.set(this.suffix, pos);
    return out;
  }
}
