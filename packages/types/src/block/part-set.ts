/**
 * PartSet: a block's protobuf bytes split into 64 KiB parts, each with a
 * Merkle proof against the part-set header hash. A proposer builds one from
 * the data; everyone else starts from the header and adds parts from peers,
 * each checked against the header before it is kept.
 */
import { CometError } from '../errors.js';
import { bytesEqual, type PartSetHeader } from '../messages/block-id.js';
import { BLOCK_PART_SIZE_BYTES, type Part } from '../messages/part.js';
import { BitArray } from '../bits/bit-array.js';
import { InvalidMerkleProofError, merkleProofs, verifyMerkleProof } from '../crypto/merkle.js';

/** MaxBlockPartsCount: 100 MiB blocks in 64 KiB parts, plus one. */
export const MAX_BLOCK_PARTS_COUNT = Math.floor((100 * 1024 * 1024) / BLOCK_PART_SIZE_BYTES) + 1;

/** A part whose index is not below the set's total. */
export class UnexpectedPartIndexError extends CometError {
  readonly code = 'PART_SET_UNEXPECTED_INDEX';
  constructor(
    readonly index: number,
    readonly total: number,
  ) {
    super(`part index ${index} is not below the part set total ${total}`);
  }
}

export type InvalidPartProofReason = 'PROOF_TOTAL_MISMATCH' | 'PROOF_INDEX_MISMATCH' | InvalidMerkleProofError['reason'];

/** A part whose Merkle proof does not match the part-set header. */
export class InvalidPartProofError extends CometError {
  readonly code = 'PART_SET_INVALID_PROOF';
  constructor(
    readonly index: number,
    readonly reason: InvalidPartProofReason,
  ) {
    super(`part ${index} has an invalid proof: ${reason.toLowerCase().replaceAll('_', ' ')}`);
  }
}

/** A part-set header that cannot be used to collect parts. */
export class InvalidPartSetHeaderError extends CometError {
  readonly code = 'PART_SET_INVALID_HEADER';
  constructor(readonly reason: string) {
    super(`invalid part set header: ${reason}`);
  }
}

/** The operation needs every part, and some are missing. */
export class IncompletePartSetError extends CometError {
  readonly code = 'PART_SET_INCOMPLETE';
  constructor(
    readonly count: number,
    readonly total: number,
  ) {
    super(`part set has ${count} of ${total} parts`);
  }
}

export class PartSet {
  private readonly parts: (Part | undefined)[];
  private readonly held: BitArray;
  private countHeld = 0;
  private bytesHeld = 0;

  private constructor(
    readonly total: number,
    readonly hash: Uint8Array,
  ) {
    this.parts = new Array<Part | undefined>(total).fill(undefined);
    this.held = new BitArray(total);
  }

  /** Splits `data` into parts (views into `data`, not copies) with their proofs. */
  static fromData(data: Uint8Array, partSize: number = BLOCK_PART_SIZE_BYTES): PartSet {
    if (!Number.isInteger(partSize) || partSize <= 0) throw new RangeError(`part size must be a positive integer, got ${partSize}`);
    const total = Math.ceil(data.length / partSize);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < total; i++) chunks.push(data.subarray(i * partSize, Math.min(data.length, (i + 1) * partSize)));
    const { root, proofs } = merkleProofs(chunks);
    const set = new PartSet(total, root);
    chunks.forEach((bytes, index) => {
      set.parts[index] = { index, bytes, proof: proofs[index]! };
      set.held.set(index, true);
    });
    set.countHeld = total;
    set.bytesHeld = data.length;
    return set;
  }

  /** An empty set that accepts the parts of the block named by `header`. */
  static fromHeader(header: PartSetHeader, maxParts: number = MAX_BLOCK_PARTS_COUNT): PartSet {
    if (header.hash.length !== 32) throw new InvalidPartSetHeaderError('hash must be 32 bytes');
    if (header.total > maxParts) throw new InvalidPartSetHeaderError(`total ${header.total} exceeds ${maxParts} parts`);
    return new PartSet(header.total, header.hash.slice());
  }

  header(): PartSetHeader {
    return { total: this.total, hash: this.hash };
  }

  hasHeader(header: PartSetHeader): boolean {
    return header.total === this.total && bytesEqual(header.hash, this.hash);
  }

  /** Parts held so far. */
  get count(): number {
    return this.countHeld;
  }

  /** Bytes held so far. */
  get byteSize(): number {
    return this.bytesHeld;
  }

  /** A copy of the held-parts bit array. */
  bitArray(): BitArray {
    return this.held.copy();
  }

  getPart(index: number): Part | undefined {
    return this.parts[index];
  }

  isComplete(): boolean {
    return this.countHeld === this.total;
  }

  /**
   * Adds a part after checking its proof against the header. Returns false
   * for a part already held; throws UnexpectedPartIndexError or
   * InvalidPartProofError for a part that does not belong.
   */
  addPart(part: Part): boolean {
    if (!(part.index >= 0 && part.index < this.total)) throw new UnexpectedPartIndexError(part.index, this.total);
    if (this.parts[part.index] !== undefined) return false;
    if (part.proof.total !== BigInt(this.total)) throw new InvalidPartProofError(part.index, 'PROOF_TOTAL_MISMATCH');
    if (part.proof.index !== BigInt(part.index)) throw new InvalidPartProofError(part.index, 'PROOF_INDEX_MISMATCH');
    try {
      verifyMerkleProof(part.proof, this.hash, part.bytes);
    } catch (err) {
      if (err instanceof InvalidMerkleProofError) throw new InvalidPartProofError(part.index, err.reason);
      throw err;
    }
    this.parts[part.index] = part;
    this.held.set(part.index, true);
    this.countHeld++;
    this.bytesHeld += part.bytes.length;
    return true;
  }

  /** The original bytes; throws IncompletePartSetError until every part is held. */
  assemble(): Uint8Array {
    if (!this.isComplete()) throw new IncompletePartSetError(this.countHeld, this.total);
    const out = new Uint8Array(this.bytesHeld);
    let pos = 0;
    for (const part of this.parts) {
      out.set(part!.bytes, pos);
      pos += part!.bytes.length;
    }
    return out;
  }
}
