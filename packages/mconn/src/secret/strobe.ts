/**
 * STROBE-128/1600, reduced to the operations Merlin uses (meta-AD, AD, PRF).
 * The sponge state is Keccak-f[1600] from @noble/hashes; everything above the
 * permutation is implemented here from the STROBE v1.0.2 specification.
 */
import { keccakP } from '@noble/hashes/sha3.js';
import { swap32IfBE } from '@noble/hashes/utils.js';

/** Rate in bytes: 200 − 2·(128/8) − 2 (STROBE reserves two bytes of padding). */
export const STROBE_R = 166;

const FLAG_I = 0x01;
const FLAG_A = 0x02;
const FLAG_C = 0x04;
const FLAG_M = 0x10;
const FLAG_K = 0x20;

const STROBE_VERSION = new TextEncoder().encode('STROBEv1.0.2');

export class Strobe128 {
  // 25 lanes as 50 little-endian 32-bit words (noble's layout); `st` is the byte view.
  private readonly st32 = new Uint32Array(50);
  private readonly st = new Uint8Array(this.st32.buffer);
  private pos = 0;
  private posBegin = 0;
  private curFlags = 0;

  constructor(protocolLabel: Uint8Array) {
    this.st.set([1, STROBE_R + 2, 1, 0, 1, 96], 0);
    this.st.set(STROBE_VERSION, 6);
    this.permute();
    this.metaAd(protocolLabel, false);
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more);
    this.absorb(data);
  }

  ad(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A, more);
    this.absorb(data);
  }

  prf(length: number, more: boolean): Uint8Array {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    return this.squeeze(length);
  }

  private permute(): void {
    swap32IfBE(this.st32);
    keccakP(this.st32);
    swap32IfBE(this.st32);
  }

  private runF(): void {
    this.st[this.pos]! ^= this.posBegin;
    this.st[this.pos + 1]! ^= 0x04;
    this.st[STROBE_R + 1]! ^= 0x80;
    this.permute();
    this.pos = 0;
    this.posBegin = 0;
  }

  private absorb(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      this.st[this.pos]! ^= data[i]!;
      this.pos++;
      if (this.pos === STROBE_R) this.runF();
    }
  }

  private squeeze(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      out[i] = this.st[this.pos]!;
      this.st[this.pos] = 0;
      this.pos++;
      if (this.pos === STROBE_R) this.runF();
    }
    return out;
  }

  private beginOp(flags: number, more: boolean): void {
    if (more) {
      // Continuing an operation: STROBE requires the same flags.
      if (flags !== this.curFlags) throw new Error(`strobe: continued operation changed flags ${this.curFlags} -> ${flags}`);
      return;
    }
    const oldBegin = this.posBegin;
    this.posBegin = this.pos + 1;
    this.curFlags = flags;
    this.absorb(Uint8Array.of(oldBegin, flags));
    // Cipher and key operations start on a fresh block.
    if ((flags & (FLAG_C | FLAG_K)) !== 0 && this.pos !== 0) this.runF();
  }
}
