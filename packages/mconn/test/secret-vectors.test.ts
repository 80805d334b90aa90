import { describe, expect, test } from 'vitest';
import { AuthSigMessage, Ed25519PrivateKey, addressFromPubKey } from '@cometts/types';
import { NodeFrameOpener, NodeFrameSealer, SecretConnection, secretHandshake } from '../src/index.js';
import { FRAME_SIZE, SEALED_FRAME_SIZE } from '../src/secret/constants.js';
import { FrameEncoder } from '../src/secret/frame-encoder.js';
import { encodeAuthMessage, encodeEphemeralMessage } from '../src/secret/handshake-messages.js';
import { deriveSecrets, ephemeralKeyPair, sharedSecret, sortEphemeralKeys } from '../src/secret/keys.js';
import { MerlinTranscript } from '../src/secret/merlin.js';
import { hasVectors, hex, readVectorJson, readVectorText, unhex } from '../../../testing/vectors.js';
import { duplexPair } from './secret-helpers.js';

interface HandshakeVector {
  inputs: Record<string, string>;
  derived: Record<string, string | boolean>;
  frames: {
    sender: 'A' | 'B';
    nonce_counter: number;
    nonce_hex: string;
    key: string;
    payload_hex?: string;
    plaintext_frame_1028_hex: string;
    sealed_frame_1044_hex: string;
  }[];
}

describe.skipIf(!hasVectors)('HKDF key split (TestDeriveSecretsAndChallengeGolden.golden)', () => {
  const lines = hasVectors
    ? readVectorText('TestDeriveSecretsAndChallengeGolden.golden')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];

  test('the golden file has its 32 lines', () => {
    expect(lines.length).toBe(32);
  });

  test.each(lines.map((line, i) => [i + 1, line] as const))('line %i', (_n, line) => {
    const [dh, least, recv, send] = line.split(',');
    const keys = deriveSecrets(unhex(dh!), least === 'true');
    expect(hex(keys.recvKey)).toBe(recv);
    expect(hex(keys.sendKey)).toBe(send);
  });
});

describe.skipIf(!hasVectors)('handshake vector (secret-connection-handshake.json), step by step', () => {
  const v = hasVectors ? readVectorJson<HandshakeVector>('secret-connection-handshake.json') : ({} as HandshakeVector);
  const d = v.derived;
  const sides = [
    { me: 'A', peer: 'B' },
    { me: 'B', peer: 'A' },
  ] as const;

  test.each(sides)('side $me: identity, ephemeral keys and wire message', ({ me }) => {
    const identity = Ed25519PrivateKey.fromSeed(unhex(v.inputs[`${me}_identity_ed25519_seed_hex`]!));
    expect(hex(identity.publicKey)).toBe(d[`${me}_identity_pubkey_hex`]);
    expect(hex(addressFromPubKey(identity.publicKey))).toBe(d[`${me}_node_id`]);
    const eph = ephemeralKeyPair(unhex(v.inputs[`${me}_ephemeral_x25519_private_hex`]!));
    expect(hex(eph.publicKey)).toBe(d[`${me}_ephemeral_pub_hex`]);
    expect(hex(encodeEphemeralMessage(eph.publicKey))).toBe(d[`${me}_wire_ephemeral_msg_hex`]);
  });

  test.each(sides)('side $me: ordering, DH, transcript challenge, keys, signature, AuthSigMessage', ({ me, peer }) => {
    const identity = Ed25519PrivateKey.fromSeed(unhex(v.inputs[`${me}_identity_ed25519_seed_hex`]!));
    const eph = ephemeralKeyPair(unhex(v.inputs[`${me}_ephemeral_x25519_private_hex`]!));
    const remote = unhex(d[`${peer}_ephemeral_pub_hex`] as string);
    const { lo, hi, localIsLeast } = sortEphemeralKeys(eph.publicKey, remote);
    expect(hex(lo)).toBe(d.lo_ephemeral_pub_hex);
    expect(hex(hi)).toBe(d.hi_ephemeral_pub_hex);
    expect(localIsLeast).toBe(me === 'A' ? d.A_is_lo : !d.A_is_lo);

    const dh = sharedSecret(eph, remote);
    expect(hex(dh)).toBe(d.dh_secret_hex);
    const transcript = new MerlinTranscript('TENDERMINT_SECRET_CONNECTION_TRANSCRIPT_HASH');
    transcript.appendMessage('EPHEMERAL_LOWER_PUBLIC_KEY', lo);
    transcript.appendMessage('EPHEMERAL_UPPER_PUBLIC_KEY', hi);
    transcript.appendMessage('DH_SECRET', dh);
    const challenge = transcript.challengeBytes('SECRET_CONNECTION_MAC', 32);
    expect(hex(challenge)).toBe(d.merlin_challenge_hex);

    const keys = deriveSecrets(dh, localIsLeast);
    expect(hex(keys.sendKey)).toBe(d[`${me}_send_key_hex`]);
    expect(hex(keys.recvKey)).toBe(d[`${me}_recv_key_hex`]);
    const okm = localIsLeast ? [keys.recvKey, keys.sendKey] : [keys.sendKey, keys.recvKey];
    expect(hex(Buffer.concat(okm))).toBe(d.hkdf_okm_64_hex);

    expect(hex(identity.sign(challenge))).toBe(d[`${me}_auth_signature_hex`]);
    const auth = encodeAuthMessage(identity, challenge);
    expect(auth.length).toBe(103);
    expect(hex(auth)).toBe(d[`${me}_auth_sig_message_delimited_hex`]);
    const decoded = AuthSigMessage.decode(auth.subarray(1));
    expect(hex(decoded.sig)).toBe(d[`${me}_auth_signature_hex`]);
  });

  test('every frame: framing the payload and sealing with the given key and nonce', () => {
    expect(v.frames.length).toBe(4);
    for (const frame of v.frames) {
      const key = unhex(d[`${frame.key}_hex`] as string);
      const sealer = new NodeFrameSealer(key, BigInt(frame.nonce_counter));
      const payload = frame.payload_hex
        ? unhex(frame.payload_hex)
        : unhex(d[`${frame.sender}_auth_sig_message_delimited_hex`] as string);
      const plain = unhex(frame.plaintext_frame_1028_hex);
      expect(plain.length).toBe(FRAME_SIZE);
      expect(Buffer.from(plain).readUInt32LE(0)).toBe(payload.length);
      expect(hex(plain.subarray(4, 4 + payload.length))).toBe(hex(payload));

      const sealed = new FrameEncoder(sealer).sealAll(payload);
      expect(sealed.length).toBe(SEALED_FRAME_SIZE);
      expect(hex(sealed)).toBe(frame.sealed_frame_1044_hex);

      const opened = Buffer.alloc(FRAME_SIZE);
      const opener = new NodeFrameOpener(key, BigInt(frame.nonce_counter));
      expect(opener.open(sealed, 0, 1, opened, 0)).toBe(1);
      expect(hex(opened)).toBe(frame.plaintext_frame_1028_hex);
      expect(opener.counter).toBe(BigInt(frame.nonce_counter) + 1n);
    }
  });

  test('the real handshake of A and B over an in-memory pipe puts exactly the vector bytes on the wire', async () => {
    const [pipeA, pipeB] = duplexPair();
    const a = Ed25519PrivateKey.fromSeed(unhex(v.inputs.A_identity_ed25519_seed_hex!));
    const b = Ed25519PrivateKey.fromSeed(unhex(v.inputs.B_identity_ed25519_seed_hex!));
    const [connA, connB] = await Promise.all([
      secretHandshake(pipeA, a, { ephemeralPrivateKey: unhex(v.inputs.A_ephemeral_x25519_private_hex!) }),
      secretHandshake(pipeB, b, { ephemeralPrivateKey: unhex(v.inputs.B_ephemeral_x25519_private_hex!) }),
    ]);
    expect(connA).toBeInstanceOf(SecretConnection);
    expect(hex(connA.remotePubKey)).toBe(d.B_identity_pubkey_hex);
    expect(hex(connB.remotePubKey)).toBe(d.A_identity_pubkey_hex);
    expect(connA.remoteNodeId).toBe(d.B_node_id);
    expect(connB.remoteNodeId).toBe(d.A_node_id);
    expect(hex(connA.localPubKey)).toBe(d.A_identity_pubkey_hex);

    // A sends its NodeInfo and first packet as two separate writes, as in the vector.
    const [, , nodeInfo, packet] = v.frames;
    const received: Buffer[] = [];
    connB.on('data', (chunk: Buffer) => received.push(chunk));
    for (const payload of [nodeInfo!.payload_hex!, packet!.payload_hex!]) {
      await new Promise<void>((resolve, reject) => connA.write(unhex(payload), (err) => (err ? reject(err) : resolve())));
    }
    await new Promise((resolve) => setImmediate(resolve));

    const wireA = pipeA.writtenBytes();
    const wireB = pipeB.writtenBytes();
    expect(hex(wireA.subarray(0, 35))).toBe(d.A_wire_ephemeral_msg_hex);
    expect(hex(wireB.subarray(0, 35))).toBe(d.B_wire_ephemeral_msg_hex);
    const framesA = v.frames.filter((f) => f.sender === 'A');
    const framesB = v.frames.filter((f) => f.sender === 'B');
    expect(wireA.length).toBe(35 + framesA.length * SEALED_FRAME_SIZE);
    expect(wireB.length).toBe(35 + framesB.length * SEALED_FRAME_SIZE);
    framesA.forEach((frame, i) => {
      const at = 35 + i * SEALED_FRAME_SIZE;
      expect(hex(wireA.subarray(at, at + SEALED_FRAME_SIZE))).toBe(frame.sealed_frame_1044_hex);
    });
    expect(hex(wireB.subarray(35))).toBe(framesB[0]!.sealed_frame_1044_hex);

    expect(hex(Buffer.concat(received))).toBe(nodeInfo!.payload_hex! + packet!.payload_hex!);
    connA.destroy();
    connB.destroy();
  });
});
