/**
 * BitArray (libs/bits): a fixed-size set of bits, used for votes held, block
 * parts held and POL prevotes. Bit i lives in word i/64 at position i%64
 * (lowest bit first). Internally 32-bit words; bits beyond `size` are always
 * zero, so counts and picks never see garbage from a peer's last word.
 */
import { ValidationError } from '../errors.js';
import { BitArrayProto, MAX_BIT_ARRAY_BITS } from '../messages/bit-array.js';

const U32 = 0x1_0000_0000n;

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class BitArray {
  private readonly words: Uint32Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 0 || size > MAX_BIT_ARRAY_BITS) {
      throw new RangeError(`bit array size must be an integer in 0..${MAX_BIT_ARRAY_BITS}, got ${size}`);
    }
    // Whole 64-bit elements, as on the wire.
    this.words = new Uint32Array(Math.ceil(size / 64) * 2);
  }

  /** False for indices outside 0..size-1. */
  get(i: number): boolean {
    if (!(i >= 0 && i < this.size)) return false;
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  /** Returns false (and changes nothing) when i is outside 0..size-1. */
  set(i: number, value: boolean): boolean {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return false;
    const w = i >>> 5;
    const mask = 1 << (i & 31);
    this.words[w] = value ? this.words[w]! | mask : this.words[w]! & ~mask;
    return true;
  }

  copy(): BitArray {
    return this.resized(this.size);
  }

  /** A copy with `size` bits, keeping the low bits that fit. */
  private resized(size: number): BitArray {
    const out = new BitArray(size);
    out.words.set(this.words.subarray(0, Math.min(this.words.length, out.words.length)));
    out.clearTail();
    return out;
  }

  private clearTail(): void {
    const used = this.size & 31;
    let w = this.size >>> 5;
    if (used !== 0) {
      this.words[w] = this.words[w]! & (2 ** used - 1);
      w++;
    }
    for (; w < this.words.length; w++) this.words[w] = 0;
  }

  /**
   * Bitwise or. Like Go, the result has the larger size but only the 64-bit
   * elements both arrays have are merged.
   */
  or(other: BitArray): BitArray {
    const out = this.resized(Math.max(this.size, other.size));
    const n = Math.min(this.words.length, other.words.length);
    for (let w = 0; w < n; w++) out.words[w] = out.words[w]! | other.words[w]!;
    out.clearTail();
    return out;
  }

  /** Bitwise and; the result has the smaller size. */
  and(other: BitArray): BitArray {
    const out = this.resized(Math.min(this.size, other.size));
    for (let w = 0; w < out.words.length; w++) out.words[w] = out.words[w]! & other.words[w]!;
    return out;
  }

  /** this AND NOT other, keeping this array's size (other is zero-padded). */
  sub(other: BitArray): BitArray {
    const out = this.copy();
    const n = Math.min(this.words.length, other.words.length);
    for (let w = 0; w < n; w++) out.words[w] = out.words[w]! & ~other.words[w]!;
    return out;
  }

  not(): BitArray {
    const out = new BitArray(this.size);
    for (let w = 0; w < this.words.length; w++) out.words[w] = ~this.words[w]!;
    out.clearTail();
    return out;
  }

  /** Copies `other`'s words from the start into this array (extra words are ignored), as VoteSetBits does. */
  update(other: BitArray): void {
    const n = Math.min(this.words.length, other.words.length);
    this.words.set(other.words.subarray(0, n));
    this.clearTail();
  }

  /** True when no bit is set. */
  isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  /** True when every bit is set (vacuously true for size 0). */
  isFull(): boolean {
    return this.countTrue() === this.size;
  }

  countTrue(): number {
    let n = 0;
    for (const w of this.words) n += popcount32(w);
    return n;
  }

  trueIndices(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        out.push(w * 32 + bit);
        word &= word - 1;
      }
    }
    return out;
  }

  /** A uniformly random set bit, or undefined when none is set. `random` returns [0, 1). */
  pickRandom(random: () => number = Math.random): number | undefined {
    const indices = this.trueIndices();
    if (indices.length === 0) return undefined;
    return indices[Math.min(indices.length - 1, Math.floor(random() * indices.length))];
  }

  equals(other: BitArray): boolean {
    if (this.size !== other.size) return false;
    for (let w = 0; w < this.words.length; w++) if (this.words[w] !== other.words[w]) return false;
    return true;
  }

  /** Go's String(): `BA{5:x_x__}`. */
  toString(): string {
    return `BA{${this.size}:${this.toBitString()}}`;
  }

  /** One character per bit, `x` set and `_` clear (the cmtjson form). */
  toBitString(): string {
    let s = '';
    for (let i = 0; i < this.size; i++) s += this.get(i) ? 'x' : '_';
    return s;
  }

  static fromBitString(text: string): BitArray {
    if (!/^[x_]*$/.test(text)) throw new ValidationError('BitArray', 'bit string must contain only "x" and "_"');
    const out = new BitArray(text.length);
    for (let i = 0; i < text.length; i++) if (text[i] === 'x') out.set(i, true);
    return out;
  }

  static fromIndices(size: number, indices: Iterable<number>): BitArray {
    const out = new BitArray(size);
    for (const i of indices) if (!out.set(i, true)) throw new RangeError(`bit index ${i} outside 0..${size - 1}`);
    return out;
  }

  toProto(): BitArrayProto {
    const elems: bigint[] = [];
    for (let w = 0; w < this.words.length; w += 2) {
      elems.push((BigInt(this.words[w + 1]!) << 32n) | BigInt(this.words[w]!));
    }
    return { bits: BigInt(this.size), elems };
  }

  /**
   * From the wire form. Validates size (≤ `maxBits`) and that there are exactly
   * ceil(bits/64) elements; throws ValidationError otherwise.
   */
  static fromProto(proto: BitArrayProto, maxBits: number = MAX_BIT_ARRAY_BITS): BitArray {
    BitArrayProto.validate(proto);
    if (proto.bits > BigInt(maxBits)) throw new ValidationError('BitArray', `bit array size must be <= ${maxBits}`, ['bits']);
    const out = new BitArray(Number(proto.bits));
    proto.elems.forEach((e, i) => {
      out.words[2 * i] = Number(e % U32);
      out.words[2 * i + 1] = Number(e / U32);
    });
    out.clearTail();
    return out;
  }
}
