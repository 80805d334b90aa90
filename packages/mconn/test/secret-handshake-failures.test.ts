import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import type { PublicKey } from '@cometts/types';
import { AuthSigMessage } from '@cometts/types';
import {
  AuthFailureError,
  FrameAuthError,
  HandshakeAbortedError,
  HandshakeClosedError,
  HandshakeMessageTooLargeError,
  HandshakeTimeoutError,
  InvalidEphemeralKeyError,
  LowOrderPointError,
  MalformedHandshakeMessageError,
  SecretConnectionError,
  secretHandshake,
} from '../src/index.js';
import { dial, duplexPair, identityA, identityB, tcpListener } from './secret-helpers.js';
import { scriptedPeer, type PeerScript } from './secret-peer.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Our handshake against a scripted peer; resolves with our outcome. */
async function againstPeer(script: PeerScript): Promise<{ error: unknown; socketDestroyed: boolean }> {
  const [ours, theirs] = duplexPair();
  scriptedPeer(theirs, identityB, script).catch(() => {});
  try {
    const conn = await secretHandshake(ours, identityA, { timeoutMs: 5_000 });
    conn.destroy();
    return { error: undefined, socketDestroyed: ours.destroyed };
  } catch (error) {
    return { error, socketDestroyed: ours.destroyed };
  }
}

function signedAuth(pubKey: PublicKey, sig: Uint8Array): Uint8Array {
  return AuthSigMessage.encodeDelimited({ pubKey, sig });
}

describe('handshake deadline and cancellation', () => {
  test('a silent peer: HandshakeTimeoutError, socket destroyed, no timer left behind', async () => {
    const server = await tcpListener(() => {});
    const before = timers();
    const socket = await dial(server.port);
    const started = Date.now();
    await expect(secretHandshake(socket, identityA, { timeoutMs: 200 })).rejects.toBeInstanceOf(HandshakeTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(socket.destroyed).toBe(true);
    expect(socket.listenerCount('data')).toBe(0);
    expect(timers()).toBeLessThanOrEqual(before);
    await server.close();
  });

  test('abort during the handshake: HandshakeAbortedError with the reason, socket destroyed', async () => {
    const server = await tcpListener(() => {});
    const socket = await dial(server.port);
    const controller = new AbortController();
    const pending = secretHandshake(socket, identityA, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandshakeAbortedError);
    expect(((error as Error).cause as Error).message).toBe('shutting down');
    expect(socket.destroyed).toBe(true);
    await server.close();
  });

  test('an already aborted signal fails at once and writes nothing', async () => {
    const [ours] = duplexPair();
    const before = timers();
    await expect(secretHandshake(ours, identityA, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(HandshakeAbortedError);
    expect(ours.written.length).toBe(0);
    expect(ours.destroyed).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('the peer hangs up in the middle: HandshakeClosedError', async () => {
    const server = await tcpListener((socket) => socket.once('data', () => socket.end()));
    const socket = await dial(server.port);
    await expect(secretHandshake(socket, identityA)).rejects.toBeInstanceOf(HandshakeClosedError);
    await server.close();
  });

  test('a transport that is already closed fails at once', async () => {
    const [ours] = duplexPair();
    ours.destroy();
    await once(ours, 'close');
    await expect(secretHandshake(ours, identityA)).rejects.toBeInstanceOf(HandshakeClosedError);
  });
});

describe('bad ephemeral key exchange', () => {
  const lowOrderPoints = [
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0100000000000000000000000000000000000000000000000000000000000000',
    'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  ];
  test.each(lowOrderPoints)('low-order point %s → LowOrderPointError', async (point) => {
    const wire = Buffer.concat([Buffer.from('220a20', 'hex'), Buffer.from(point, 'hex')]);
    const { error, socketDestroyed } = await againstPeer({ ephemeralMessage: () => wire });
    expect(error).toBeInstanceOf(LowOrderPointError);
    expect(socketDestroyed).toBe(true);
  });

  test('a peer echoing our own ephemeral key → InvalidEphemeralKeyError', async () => {
    const { error } = await againstPeer({
      ephemeralMessage: (_ours, theirs) => Buffer.concat([Buffer.from('220a20', 'hex'), theirs]),
    });
    expect(error).toBeInstanceOf(InvalidEphemeralKeyError);
  });

  test('a 31-byte ephemeral key → InvalidEphemeralKeyError', async () => {
    const { error } = await againstPeer({ ephemeralMessage: () => Buffer.concat([Buffer.from('210a1f', 'hex'), Buffer.alloc(31, 9)]) });
    expect(error).toBeInstanceOf(InvalidEphemeralKeyError);
  });

  test('a length prefix over 1 MiB is rejected before the body arrives', async () => {
    const { error } = await againstPeer({ ephemeralMessage: () => Buffer.from('818040', 'hex') });
    expect(error).toBeInstanceOf(HandshakeMessageTooLargeError);
    expect((error as HandshakeMessageTooLargeError).size).toBe(0x100001);
  });

  test('a never-ending varint → MalformedHandshakeMessageError', async () => {
    const { error } = await againstPeer({ ephemeralMessage: () => Buffer.alloc(12, 0x80) });
    expect(error).toBeInstanceOf(MalformedHandshakeMessageError);
  });

  test('a body that is not protobuf → MalformedHandshakeMessageError', async () => {
    const { error } = await againstPeer({ ephemeralMessage: () => Buffer.from('030affff', 'hex') });
    expect(error).toBeInstanceOf(MalformedHandshakeMessageError);
  });

  test('an HTTP request instead of a handshake → a typed error', async () => {
    const http = Buffer.from(`GET / HTTP/1.1\r\nHost: example\r\n${'X-Pad: y\r\n'.repeat(10)}\r\n`);
    const { error } = await againstPeer({ ephemeralMessage: () => http });
    expect(error).toBeInstanceOf(SecretConnectionError);
  });
});

describe('bad authentication', () => {
  test('a signature over something else → AuthFailureError (challenge verification failed)', async () => {
    const { error, socketDestroyed } = await againstPeer({
      authPlaintext: (_challenge, id) => signedAuth({ case: 'ed25519', value: id.publicKey }, id.sign(Buffer.from('not the challenge'))),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
    expect((error as Error).message).toMatch(/challenge verification failed/);
    expect(socketDestroyed).toBe(true);
  });

  test('claiming another key than the one that signed → AuthFailureError', async () => {
    const { error } = await againstPeer({
      authPlaintext: (challenge, id) => signedAuth({ case: 'ed25519', value: identityA.publicKey }, id.sign(challenge)),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
  });

  test('a secp256k1 key → AuthFailureError (expected ed25519 pubkey)', async () => {
    const { error } = await againstPeer({
      authPlaintext: (challenge, id) => signedAuth({ case: 'secp256k1', value: Buffer.alloc(33, 2) }, id.sign(challenge)),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
    expect((error as Error).message).toMatch(/expected ed25519 pubkey/);
  });

  test('a 31-byte ed25519 key → AuthFailureError', async () => {
    const { error } = await againstPeer({
      authPlaintext: (challenge, id) => signedAuth({ case: 'ed25519', value: id.publicKey.subarray(1) }, id.sign(challenge)),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
  });

  test('a 63-byte signature → AuthFailureError', async () => {
    const { error } = await againstPeer({
      authPlaintext: (challenge, id) => signedAuth({ case: 'ed25519', value: id.publicKey }, id.sign(challenge).subarray(1)),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
  });

  test('an empty PublicKey oneof → AuthFailureError', async () => {
    const { error } = await againstPeer({
      authPlaintext: (challenge, id) => Buffer.concat([Buffer.from('440a00', 'hex'), Buffer.from('1240', 'hex'), id.sign(challenge)]),
    });
    expect(error).toBeInstanceOf(AuthFailureError);
  });

  test('an AuthSigMessage length prefix over 1 MiB → HandshakeMessageTooLargeError', async () => {
    const { error } = await againstPeer({ authPlaintext: () => Buffer.from('818040', 'hex') });
    expect(error).toBeInstanceOf(HandshakeMessageTooLargeError);
  });

  test('a tampered auth frame → FrameAuthError', async () => {
    const [ours, theirs] = duplexPair();
    const original = theirs.write.bind(theirs);
    let writes = 0;
    theirs.write = ((chunk: Buffer, ...rest: never[]) => {
      if (++writes === 2) {
        chunk = Buffer.from(chunk);
        chunk[100]! ^= 1;
      }
      return original(chunk, ...rest);
    }) as typeof theirs.write;
    scriptedPeer(theirs, identityB).catch(() => {});
    await expect(secretHandshake(ours, identityA)).rejects.toBeInstanceOf(FrameAuthError);
  });
});

describe('the decrypted handshake data is a byte stream', () => {
  test('an AuthSigMessage split over three frames, followed by data in the same frame, works', async () => {
    const [ours, theirs] = duplexPair();
    const peer = scriptedPeer(theirs, identityB, {
      authPlaintext: (challenge, id) =>
        Buffer.concat([
          AuthSigMessage.encodeDelimited({ pubKey: { case: 'ed25519', value: id.publicKey }, sig: id.sign(challenge) }),
          Buffer.from('hello after auth'),
        ]),
      authWrites: [1, 50, 68],
    });
    const conn = await secretHandshake(ours, identityA);
    await peer;
    expect(Buffer.from(conn.remotePubKey)).toEqual(Buffer.from(identityB.publicKey));
    const [chunk] = (await once(conn, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('hello after auth');
    conn.destroy();
  });

  test('the peer may send its ephemeral key before reading ours', async () => {
    const [ours, theirs] = duplexPair();
    scriptedPeer(theirs, identityB, { waitForRemoteEphemeral: false }).catch(() => {});
    const conn = await secretHandshake(ours, identityA);
    expect(Buffer.from(conn.remotePubKey)).toEqual(Buffer.from(identityB.publicKey));
    conn.destroy();
  });
});
