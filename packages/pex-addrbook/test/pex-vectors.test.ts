import { NetAddress, PexMessage } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { hasVectors, hex, readVectorJson } from '../../../testing/vectors.js';
import { PEX_CHANNEL_DESCRIPTOR, pexAddrsMessage, pexRequestMessage } from '../src/index.js';

interface PexVector {
  name: string;
  input: { pex_request?: object; pex_addrs?: { addrs: { id: string; ip: string; port: number }[] } };
  expected_hex: string;
}

describe.skipIf(!hasVectors)('PEX messages match CometBFT (p2p-packets.json pex_vectors)', () => {
  const vectors = hasVectors ? readVectorJson<{ pex_vectors: PexVector[] }>('p2p-packets.json').pex_vectors : [];

  it('the reactor encodes PexRequest and PexAddrs byte for byte as Go does', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2);
    for (const v of vectors) {
      const message = v.input.pex_request
        ? pexRequestMessage()
        : pexAddrsMessage(v.input.pex_addrs!.addrs.map((a) => NetAddress.fromProto(a)));
      expect(hex(PEX_CHANNEL_DESCRIPTOR.codec.encode(message)), v.name).toBe(v.expected_hex);
      expect(PexMessage.decode(Buffer.from(v.expected_hex, 'hex')).case).toBe(message.case);
    }
  });
});
