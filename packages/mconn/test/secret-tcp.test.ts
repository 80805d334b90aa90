import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { Ed25519PrivateKey } from '@cometts/types';
import type { SecretConnection} from '../src/index.js';
import { secretHandshake } from '../src/index.js';
import { collect, identityA, identityB, patternBytes, tcpPair } from './secret-helpers.js';

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function handshakePair(): Promise<{ dialer: SecretConnection; listener: SecretConnection; close: () => Promise<void> }> {
  const { client, server, close } = await tcpPair();
  const [dialer, listener] = await Promise.all([secretHandshake(client, identityA), secretHandshake(server, identityB)]);
  return { dialer, listener, close };
}

/** Writes `messages` one by one honouring backpressure, then ends unless told not to. */
async function writeAll(conn: SecretConnection, messages: Buffer[], end = true): Promise<void> {
  for (const message of messages) {
    if (!conn.write(message)) await once(conn, 'drain');
  }
  if (end) conn.end();
}

/** Resolves with the first `length` bytes read from `conn`. */
function receive(conn: SecretConnection, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      parts.push(chunk);
      received += chunk.length;
      if (received >= length) {
        conn.off('data', onData);
        resolve(Buffer.concat(parts));
      }
    };
    conn.on('data', onData);
    conn.once('error', reject);
  });
}

describe('SecretConnection over loopback TCP', () => {
  test('handshake both ways; each side learns the other key', async () => {
    const { dialer, listener, close } = await handshakePair();
    expect(Buffer.from(dialer.remotePubKey)).toEqual(Buffer.from(identityB.publicKey));
    expect(Buffer.from(listener.remotePubKey)).toEqual(Buffer.from(identityA.publicKey));
    expect(Buffer.from(dialer.localPubKey)).toEqual(Buffer.from(identityA.publicKey));
    expect(dialer.remoteNodeId).toBe(Buffer.from(identityB.address).toString('hex'));
    dialer.destroy();
    listener.destroy();
    await close();
  });

  test('random ephemeral keys give different wire bytes but agree', async () => {
    const one = await handshakePair();
    const two = await handshakePair();
    one.dialer.write('ping');
    const [chunk] = (await once(one.listener, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('ping');
    for (const pair of [one, two]) {
      pair.dialer.destroy();
      pair.listener.destroy();
      await pair.close();
    }
  });

  test('0, 1, 1027, 1028, 1029 bytes and 10 MiB arrive intact in both directions at once', async () => {
    const { dialer, listener, close } = await handshakePair();
    const sizes = [0, 1, 1027, 1028, 1029, 10 * 1024 * 1024];
    const fromA = sizes.map((size, i) => patternBytes(size, 100 + i));
    const fromB = sizes.map((size, i) => patternBytes(size, 200 + i));
    const closed = Promise.all([once(dialer, 'close'), once(listener, 'close')]);
    const receivedByB = receive(listener, Buffer.concat(fromA).length);
    const receivedByA = receive(dialer, Buffer.concat(fromB).length);
    // Both directions at once; nobody ends before everything arrived (the
    // transport, like a default net.Socket, does not stay half-open).
    await Promise.all([writeAll(dialer, fromA, false), writeAll(listener, fromB, false)]);
    const [atB, atA] = await Promise.all([receivedByB, receivedByA]);
    expect(atB.length).toBe(Buffer.concat(fromA).length);
    expect(digest(atB)).toBe(digest(Buffer.concat(fromA)));
    expect(digest(atA)).toBe(digest(Buffer.concat(fromB)));
    // Ending both sides closes both connections by themselves.
    dialer.resume();
    listener.resume();
    dialer.end();
    listener.end();
    await closed;
    await close();
  });

  test('message boundaries do not matter: many small writes are one byte stream', async () => {
    const { dialer, listener, close } = await handshakePair();
    const parts = Array.from({ length: 500 }, (_, i) => patternBytes((i * 37) % 700, i + 1));
    const received = collect(listener);
    await writeAll(dialer, parts);
    expect(digest(await received)).toBe(digest(Buffer.concat(parts)));
    await close();
  });

  test('destroying one side closes the other side', async () => {
    const { dialer, listener, close } = await handshakePair();
    const closed = once(listener, 'close');
    listener.resume(); // EOF is seen by a reading consumer, as with any socket
    dialer.destroy();
    await closed;
    expect(listener.destroyed).toBe(true);
    await close();
  });

  test('a socket error propagates to the SecretConnection', async () => {
    const { client, server, close } = await tcpPair();
    const [dialer, listener] = await Promise.all([
      secretHandshake(client, identityA),
      secretHandshake(server, Ed25519PrivateKey.generate()),
    ]);
    const errored = once(dialer, 'error');
    client.destroy(new Error('boom'));
    const [err] = (await errored) as [Error];
    expect(err.message).toBe('boom');
    listener.destroy();
    await close();
  });
});
