/**
 * Merlin v1.0 transcripts (merlin.cool) on STROBE-128: CometBFT derives the
 * SecretConnection challenge from one.
 */
import { Strobe128 } from './strobe.js';

const encoder = new TextEncoder();
const MERLIN_PROTOCOL_LABEL = encoder.encode('Merlin v1.0');
const DOMAIN_SEPARATOR_LABEL = encoder.encode('dom-sep');

/** Labels are byte strings; a string is taken as its UTF-8 bytes. */
export type Label = string | Uint8Array;

function labelBytes(label: Label): Uint8Array {
  return typeof label === 'string' ? encoder.encode(label) : label;
}

function le32(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`merlin: length ${value} does not fit in a uint32`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

export class MerlinTranscript {
  private readonly strobe = new Strobe128(MERLIN_PROTOCOL_LABEL);

  constructor(label: Label) {
    this.appendMessage(DOMAIN_SEPARATOR_LABEL, labelBytes(label));
  }

  /** Absorbs `message` under `label`, prefixed by its LE32 length. */
  appendMessage(label: Label, message: Uint8Array): void {
    this.strobe.metaAd(labelBytes(label), false);
    this.strobe.metaAd(le32(message.length), true);
    this.strobe.ad(message, false);
  }

  /** Squeezes `length` challenge bytes bound to everything appended so far. */
  challengeBytes(label: Label, length: number): Uint8Array {
    this.strobe.metaAd(labelBytes(label), false);
    this.strobe.metaAd(le32(length), true);
    return this.strobe.prf(length, false);
  }
}
