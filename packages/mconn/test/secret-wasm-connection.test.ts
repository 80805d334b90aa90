import { describe, expect, test } from 'vitest';
import { Ed25519PrivateKey } from '@cometts/types';
import { nodeFrameCipher, secretHandshake, type FrameCipherFactory } from '../src/index.js';
import { FRAME_SIZE, SEALED_FRAME_SIZE } from '../src/secret/constants.js';
import { FrameEncoder } from '../src/secret/frame-encoder.js';
import { WasmFrameOpener, WasmFrameSealer, wasmFrameCipher } from '../src/secret/wasm/wasm-frame-cipher.js';
import { hasVectors, hex, readVectorJson, unhex } from '../../../testing/vectors.js';
import { collect, duplexPair, identityA, identityB, patternBytes } from './secret-helpers.js';

interface HandshakeVector {
  inputs: Record<string, string>;
  derived: Record<string, string | boolean>;
  frames: {
    sender: 'A' | 'B';
    nonce_counter: number;
    key: string;
    payload_hex?: string;
    plaintext_frame_1028_hex: string;
    sealed_frame_1044_hex: string;
  }[];
}

describe.skipIf(!hasVectors)('handshake vector (secret-connection-handshake.json) on the WebAssembly backend', () => {
  const v = hasVectors ? readVectorJson<HandshakeVector>('secret-connection-handshake.json') : ({} as HandshakeVector);
  const d = v.derived;

  test('every vector frame seals and opens to the vector bytes', () => {
    expect(v.frames.length).toBe(4);
    for (const frame of v.frames) {
      const key = unhex(d[`${frame.key}_hex`] as string);
      const counter = BigInt(frame.nonce_counter);
      const payload = frame.payload_hex
        ? unhex(frame.payload_hex)
        : unhex(d[`${frame.sender}_auth_sig_message_delimited_hex`] as string);
      const sealed = new FrameEncoder(new WasmFrameSealer(key, counter)).sealAll(payload);
      expect(sealed.length).toBe(SEALED_FRAME_SIZE);
      expect(hex(sealed)).toBe(frame.sealed_frame_1044_hex);

      const opened = Buffer.alloc(FRAME_SIZE);
      const opener = new WasmFrameOpener(key, counter);
      expect(opener.open(sealed, 0, 1, opened, 0)).toBe(1);
      expect(hex(opened)).toBe(frame.plaintext_frame_1028_hex);
      expect(opener.counter).toBe(counter + 1n);
    }
  });

  test.each([
    ['WebAssembly on both sides', wasmFrameCipher, wasmFrameCipher],
    ['the default backend on both sides', undefined, undefined],
    ['WebAssembly talking to node:crypto', wasmFrameCipher, nodeFrameCipher],
  ] as [string, FrameCipherFactory | undefined, FrameCipherFactory | undefined][])(
    'the real handshake with %s puts exactly the vector bytes on the wire',
    async (_name, cipherA, cipherB) => {
      const [pipeA, pipeB] = duplexPair();
      const a = Ed25519PrivateKey.fromSeed(unhex(v.inputs.A_identity_ed25519_seed_hex!));
      const b = Ed25519PrivateKey.fromSeed(unhex(v.inputs.B_identity_ed25519_seed_hex!));
      const [connA, connB] = await Promise.all([
        secretHandshake(pipeA, a, { ephemeralPrivateKey: unhex(v.inputs.A_ephemeral_x25519_private_hex!), frameCipher: cipherA }),
        secretHandshake(pipeB, b, { ephemeralPrivateKey: unhex(v.inputs.B_ephemeral_x25519_private_hex!), frameCipher: cipherB }),
      ]);
      expect(connA.remoteNodeId).toBe(d.B_node_id);
      expect(connB.remoteNodeId).toBe(d.A_node_id);

      const [, , nodeInfo, packet] = v.frames;
      const received: Buffer[] = [];
      connB.on('data', (chunk: Buffer) => received.push(chunk));
      for (const payload of [nodeInfo!.payload_hex!, packet!.payload_hex!]) {
        await new Promise<void>((resolve, reject) => connA.write(unhex(payload), (err) => (err ? reject(err) : resolve())));
      }
      await new Promise((resolve) => setImmediate(resolve));

      const wireA = pipeA.writtenBytes();
      const framesA = v.frames.filter((f) => f.sender === 'A');
      expect(wireA.length).toBe(35 + framesA.length * SEALED_FRAME_SIZE);
      framesA.forEach((frame, i) => {
        const at = 35 + i * SEALED_FRAME_SIZE;
        expect(hex(wireA.subarray(at, at + SEALED_FRAME_SIZE))).toBe(frame.sealed_frame_1044_hex);
      });
      const frameB = v.frames.find((f) => f.sender === 'B')!;
      expect(hex(pipeB.writtenBytes().subarray(35))).toBe(frameB.sealed_frame_1044_hex);
      expect(hex(Buffer.concat(received))).toBe(nodeInfo!.payload_hex! + packet!.payload_hex!);
      connA.destroy();
      connB.destroy();
    },
  );
});

describe('SecretConnection with mixed backends', () => {
  test('bulk data both ways between a WebAssembly side and a node:crypto side', async () => {
    const [pipeA, pipeB] = duplexPair();
    const [a, b] = await Promise.all([
      secretHandshake(pipeA, identityA, { frameCipher: wasmFrameCipher }),
      secretHandshake(pipeB, identityB, { frameCipher: nodeFrameCipher }),
    ]);
    const toB = patternBytes(300_000, 3);
    const toA = patternBytes(150_001, 5);
    const gotB = collect(b);
    const gotA = collect(a);
    a.end(toB);
    b.end(toA);
    const [atB, atA] = await Promise.all([gotB, gotA]);
    expect(atB.equals(toB)).toBe(true);
    expect(atA.equals(toA)).toBe(true);
  });
});
