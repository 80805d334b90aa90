/**
 * Length-delimited protobuf framing (uvarint length ‖ body) for the two
 * handshake messages, with CometBFT's 1 MiB limit checked on the prefix
 * before any body bytes are awaited.
 */
import { HandshakeMessageTooLargeError, MalformedHandshakeMessageError } from './errors.js';

const MAX_VARINT_BYTES = 10;

export type DelimitedParse =
  /** `body` is a view into the input; `consumed` = prefix + body bytes. */
  | { complete: true; body: Uint8Array; consumed: number }
  /** At least `needed` bytes in total are required before parsing again. */
  | { complete: false; needed: number };

/**
 * Parses one delimited message from the start of `bytes`. Throws as soon as
 * the prefix is invalid or announces more than `maxSize`.
 */
export function parseDelimited(bytes: Uint8Array, maxSize: number): DelimitedParse {
  let length = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (i >= bytes.length) return { complete: false, needed: i + 1 };
    const byte = bytes[i]!;
    length += (byte & 0x7f) * scale;
    scale *= 128;
    if (length > maxSize) throw new HandshakeMessageTooLargeError(length, maxSize);
    if ((byte & 0x80) === 0) {
      const end = i + 1 + length;
      if (bytes.length < end) return { complete: false, needed: end };
      return { complete: true, body: bytes.subarray(i + 1, end), consumed: end };
    }
  }
  throw new MalformedHandshakeMessageError('length prefix is not a valid uvarint');
}
