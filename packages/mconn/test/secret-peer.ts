/**
 * A scriptable handshake peer for failure tests: it follows the protocol with
 * the library's own building blocks but lets a test replace any message.
 */
import type { Duplex } from 'node:stream';
import { AuthSigMessage, type Ed25519PrivateKey } from '@cometts/types';
import { NodeFrameOpener, NodeFrameSealer } from '../src/index.js';
import { FrameEncoder } from '../src/secret/frame-encoder.js';
import { encodeEphemeralMessage } from '../src/secret/handshake-messages.js';
import { deriveSecrets, ephemeralKeyPair, sharedSecret, sortEphemeralKeys } from '../src/secret/keys.js';
import { MerlinTranscript } from '../src/secret/merlin.js';

export interface PeerScript {
  /** Replaces the 35-byte ephemeral wire message (given our real public key). */
  ephemeralMessage?: (ourPublicKey: Uint8Array, theirPublicKey: Uint8Array) => Uint8Array;
  /** Wait for the other side's ephemeral key before sending ours (default true, to allow echoing). */
  waitForRemoteEphemeral?: boolean;
  /** Replaces the plaintext written after the keys are derived (default: valid delimited AuthSigMessage). */
  authPlaintext?: (challenge: Uint8Array, identity: Ed25519PrivateKey) => Uint8Array;
  /** Splits the sealed auth plaintext into separately written parts (sizes in payload bytes). */
  authWrites?: number[];
}

export interface PeerResult {
  challenge: Uint8Array;
  sendKey: Uint8Array;
  recvKey: Uint8Array;
  encoder: FrameEncoder;
}

async function readBytes(socket: Duplex, length: number, acc: { buf: Buffer }): Promise<Buffer> {
  while (acc.buf.length < length) {
    const chunk: Buffer = await new Promise((resolve, reject) => {
      const onData = (data: Buffer): void => {
        cleanup();
        resolve(data);
      };
      const onEnd = (): void => {
        cleanup();
        reject(new Error('peer: ended'));
      };
      const cleanup = (): void => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.pause();
      };
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('close', onEnd);
      socket.resume();
    });
    acc.buf = Buffer.concat([acc.buf, chunk]);
  }
  const out = acc.buf.subarray(0, length);
  acc.buf = acc.buf.subarray(length);
  return out;
}

/** Runs the peer side over `socket`; resolves once its auth message is written. */
export async function scriptedPeer(socket: Duplex, identity: Ed25519PrivateKey, script: PeerScript = {}): Promise<PeerResult> {
  socket.on('error', () => {});
  const acc = { buf: Buffer.alloc(0) };
  const eph = ephemeralKeyPair();
  const wait = script.waitForRemoteEphemeral ?? true;
  if (!wait) socket.write(encodeEphemeralMessage(eph.publicKey));
  const remoteMessage = await readBytes(socket, 35, acc);
  const remote = remoteMessage.subarray(3);
  if (wait) socket.write(script.ephemeralMessage?.(eph.publicKey, remote) ?? encodeEphemeralMessage(eph.publicKey));

  const { lo, hi, localIsLeast } = sortEphemeralKeys(eph.publicKey, remote);
  const transcript = new MerlinTranscript('TENDERMINT_SECRET_CONNECTION_TRANSCRIPT_HASH');
  transcript.appendMessage('EPHEMERAL_LOWER_PUBLIC_KEY', lo);
  transcript.appendMessage('EPHEMERAL_UPPER_PUBLIC_KEY', hi);
  const dh = sharedSecret(eph, remote);
  transcript.appendMessage('DH_SECRET', dh);
  const keys = deriveSecrets(dh, localIsLeast);
  const challenge = transcript.challengeBytes('SECRET_CONNECTION_MAC', 32);

  const encoder = new FrameEncoder(new NodeFrameSealer(keys.sendKey));
  const plaintext =
    script.authPlaintext?.(challenge, identity) ??
    AuthSigMessage.encodeDelimited({ pubKey: { case: 'ed25519', value: identity.publicKey }, sig: identity.sign(challenge) });
  let at = 0;
  for (const size of script.authWrites ?? [plaintext.length]) {
    socket.write(encoder.sealAll(plaintext.subarray(at, at + size)));
    at += size;
  }
  return { challenge, ...keys, encoder };
}

/** Opener for what the library side sends to a scripted peer. */
export function peerOpener(result: PeerResult): NodeFrameOpener {
  return new NodeFrameOpener(result.recvKey);
}
