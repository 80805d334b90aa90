/**
 * SecretConnection benchmarks, one JSON line per figure:
 *  - handshakes per second over loopback TCP (listener side in a worker thread)
 *  - the physical limit: a plain node:crypto ChaCha20-Poly1305 seal loop on
 *    1028-byte frames (one createCipheriv per frame, as any nonce-per-frame
 *    protocol needs), in MB/s of the 1024 payload bytes each frame carries
 *  - our FrameEncoder's seal rate (framing + batching overhead) against it
 *  - SecretConnection bulk throughput over loopback TCP, 64 KiB writes, one
 *    direction: sender on the main thread, receiver in a worker thread, so
 *    sealing and opening run on separate cores as between two real nodes.
 * MB = 10^6 bytes of payload.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Ed25519PrivateKey } from '@cometts/types';
import { NodeFrameSealer, secretHandshake } from '../src/index.js';
import { ChunkCursor, FrameEncoder } from '../src/secret/frame-encoder.js';

const WRITE_SIZE = 64 * 1024;
const BULK_BYTES = 128 * 1024 * 1024;
const RUNS = 3;

interface ServerRole {
  role: 'secret-bench-server';
}

function emit(bench: string, value: number, unit: string, limit: number | null = null): void {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const ratio = limit ? Math.round((value / limit) * 100) / 100 : null;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}

/** Worker: accepts connections, handshakes, and reports when `expect` bytes arrived. */
async function serve(): Promise<void> {
  const identity = Ed25519PrivateKey.generate();
  let expectBytes = 0;
  parentPort!.on('message', (message: { expect?: number; stop?: boolean }) => {
    if (message.expect !== undefined) expectBytes = message.expect;
    if (message.stop) server.close(() => parentPort!.close());
  });
  const server = createServer((socket) => {
    socket.on('error', () => {});
    secretHandshake(socket, identity).then(
      (conn) => {
        let received = 0;
        const want = expectBytes;
        conn.on('error', () => {});
        conn.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (want > 0 && received >= want) parentPort!.postMessage({ received });
        });
      },
      () => {},
    );
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as { port: number }).port }));
}

async function dial(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  return socket;
}

function sealLimit(): number {
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  const frame = randomBytes(1028);
  const out = Buffer.allocUnsafe(64 * 1044);
  const frames = 60_000;
  const start = performance.now();
  for (let i = 0; i < frames; i++) {
    nonce.writeUInt32LE(i, 4);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    const at = (i & 63) * 1044;
    out.set(cipher.update(frame), at);
    cipher.final();
    out.set(cipher.getAuthTag(), at + 1028);
  }
  return (frames * 1024) / ((performance.now() - start) * 1000);
}

function encoderRate(): number {
  const encoder = new FrameEncoder(new NodeFrameSealer(randomBytes(32)));
  const chunk = randomBytes(WRITE_SIZE);
  const writes = 900;
  const start = performance.now();
  for (let i = 0; i < writes; i++) {
    const cursor = new ChunkCursor([chunk]);
    while (cursor.remaining > 0) encoder.sealBatch(cursor);
  }
  return (writes * WRITE_SIZE) / ((performance.now() - start) * 1000);
}

async function handshakeRate(port: number, identity: Ed25519PrivateKey): Promise<number> {
  const durationMs = 2_000;
  const inFlight = 4;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() - start < durationMs) {
        const conn = await secretHandshake(await dial(port), identity);
        conn.destroy();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function bulkRate(worker: Worker, port: number, identity: Ed25519PrivateKey): Promise<number> {
  const chunk = randomBytes(WRITE_SIZE);
  worker.postMessage({ expect: BULK_BYTES });
  const conn = await secretHandshake(await dial(port), identity);
  const finished = new Promise((resolve) => worker.once('message', resolve));
  const start = performance.now();
  for (let sent = 0; sent < BULK_BYTES; sent += WRITE_SIZE) {
    if (!conn.write(chunk)) await once(conn, 'drain');
  }
  await finished;
  const rate = BULK_BYTES / ((performance.now() - start) * 1000);
  conn.destroy();
  return rate;
}

async function runSecretBenchmarks(): Promise<void> {
  // Workers do not inherit tsx's loader hooks on Node 20: load this file through tsx's API.
  const self = import.meta.url;
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`, {
    eval: true,
    workerData: { role: 'secret-bench-server' } satisfies ServerRole,
  });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  const identity = Ed25519PrivateKey.generate();
  try {
    emit('mconn.secret.handshake.tcp', await handshakeRate(port, identity), 'handshakes/s');
    // Interleaved rounds so the limit and the figures see the same machine load; best of each.
    let limit = 0;
    let encoder = 0;
    let bulk = 0;
    for (let round = 0; round < RUNS; round++) {
      limit = Math.max(limit, sealLimit());
      encoder = Math.max(encoder, encoderRate());
      bulk = Math.max(bulk, await bulkRate(worker, port, identity));
    }
    emit('mconn.secret.chacha20poly1305.seal.1028B', limit, 'MB/s');
    emit('mconn.secret.encoder.seal.64KiB', encoder, 'MB/s', limit);
    emit('mconn.secret.bulk.64KiB', bulk, 'MB/s', limit);
  } finally {
    worker.postMessage({ stop: true });
    await once(worker, 'exit');
  }
}

if (!isMainThread && (workerData as ServerRole | undefined)?.role === 'secret-bench-server') {
  await serve();
} else if (isMainThread) {
  await runSecretBenchmarks();
}
