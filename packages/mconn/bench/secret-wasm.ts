/**
 * The WebAssembly ChaCha20-Poly1305 frame backend against node:crypto, one
 * JSON line per figure (MB = 10^6 payload bytes, 1024 per 1028-byte frame):
 *  - seal and open rates on 1028-byte frames: node:crypto with one cipher
 *    object per frame (the `limit` of bench/secret.ts) against the WebAssembly
 *    sealer/opener on 64-frame batches, copies in and out included;
 *  - SecretConnection bulk throughput over loopback TCP (64 KiB writes, the
 *    receiver in a worker thread) with each backend on both ends.
 * The machine is shared, so the two sides of each figure are measured in
 * alternating rounds and the best round of each is kept; the ratio is the
 * figure to compare across runs.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Ed25519PrivateKey } from '@cometts/types';
import { WasmFrameOpener, WasmFrameSealer, nodeFrameCipher, secretHandshake, wasmFrameCipher } from '../src/index.js';

const FRAME = 1028;
const SEALED = 1044;
const BATCH = 64;
const ROUNDS = 5;
const WRITE_SIZE = 64 * 1024;
const BULK_BYTES = 64 * 1024 * 1024;

type Backend = 'node' | 'wasm';
const ciphers = { node: nodeFrameCipher, wasm: wasmFrameCipher };

interface ServerRole {
  role: 'secret-wasm-bench-server';
}

function emit(bench: string, value: number, unit: string, limit: number | null): void {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const ratio = limit ? Math.round((value / limit) * 100) / 100 : null;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}

function rate(frames: number, startMs: number): number {
  return (frames * 1024) / ((performance.now() - startMs) * 1000);
}

/** node:crypto, one createCipheriv per frame (as bench/secret.ts measures its limit). */
function nodeSeal(key: Buffer, plain: Buffer, frames: number): number {
  const nonce = Buffer.alloc(12);
  const out = Buffer.allocUnsafe(BATCH * SEALED);
  const start = performance.now();
  for (let i = 0; i < frames; i++) {
    const f = i % BATCH;
    nonce.writeUInt32LE(i, 4);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    out.set(cipher.update(plain.subarray(f * FRAME, (f + 1) * FRAME)), f * SEALED);
    cipher.final();
    out.set(cipher.getAuthTag(), f * SEALED + FRAME);
  }
  return rate(frames, start);
}

function nodeOpen(key: Buffer, sealed: Buffer, frames: number): number {
  const nonce = Buffer.alloc(12);
  const out = Buffer.allocUnsafe(BATCH * FRAME);
  const start = performance.now();
  for (let i = 0; i < frames; i++) {
    const f = i % BATCH;
    nonce.writeUInt32LE(f, 4);
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    decipher.setAuthTag(sealed.subarray(f * SEALED + FRAME, (f + 1) * SEALED));
    out.set(decipher.update(sealed.subarray(f * SEALED, f * SEALED + FRAME)), f * FRAME);
    decipher.final();
  }
  return rate(frames, start);
}

function wasmSeal(key: Buffer, plain: Buffer, frames: number): number {
  const sealer = new WasmFrameSealer(key);
  const out = Buffer.allocUnsafe(BATCH * SEALED);
  const start = performance.now();
  for (let done = 0; done < frames; done += BATCH) sealer.seal(plain, BATCH, out);
  return rate(frames, start);
}

function wasmOpen(key: Buffer, sealed: Buffer, frames: number): number {
  const out = Buffer.allocUnsafe(BATCH * FRAME);
  const start = performance.now();
  for (let done = 0; done < frames; done += BATCH) {
    // The batch was sealed with counters 0..63: a fresh opener per batch keeps it authentic.
    if (new WasmFrameOpener(key).open(sealed, 0, BATCH, out, 0) !== BATCH) throw new Error('bench batch failed to open');
  }
  return rate(frames, start);
}

/** Worker: accepts connections, handshakes with the backend it was told, reports when all bytes arrived. */
function serve(): void {
  const identity = Ed25519PrivateKey.generate();
  let expectBytes = 0;
  let backend: Backend = 'node';
  parentPort!.on('message', (message: { expect?: number; backend?: Backend; stop?: boolean }) => {
    if (message.expect !== undefined) expectBytes = message.expect;
    if (message.backend !== undefined) backend = message.backend;
    if (message.stop) server.close(() => parentPort!.close());
  });
  const server = createServer((socket) => {
    socket.on('error', () => {});
    const want = expectBytes;
    secretHandshake(socket, identity, { frameCipher: ciphers[backend] }).then(
      (conn) => {
        let received = 0;
        conn.on('error', () => {});
        conn.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= want) parentPort!.postMessage({ received });
        });
      },
      () => {},
    );
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as { port: number }).port }));
}

async function bulkRate(worker: Worker, port: number, identity: Ed25519PrivateKey, backend: Backend): Promise<number> {
  const chunk = randomBytes(WRITE_SIZE);
  worker.postMessage({ expect: BULK_BYTES, backend });
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const conn = await secretHandshake(socket, identity, { frameCipher: ciphers[backend] });
  const finished = new Promise((resolve) => worker.once('message', resolve));
  const start = performance.now();
  for (let sent = 0; sent < BULK_BYTES; sent += WRITE_SIZE) {
    if (!conn.write(chunk)) await once(conn, 'drain');
  }
  await finished;
  const result = BULK_BYTES / ((performance.now() - start) * 1000);
  conn.destroy();
  return result;
}

async function runBenchmarks(): Promise<void> {
  const key = randomBytes(32);
  const plain = randomBytes(BATCH * FRAME);
  const sealed = Buffer.allocUnsafe(BATCH * SEALED);
  new WasmFrameSealer(key).seal(plain, BATCH, sealed);
  const frames = 40 * BATCH * 16;
  const best = { nodeSeal: 0, wasmSeal: 0, nodeOpen: 0, wasmOpen: 0 };
  wasmSeal(key, plain, frames); // warm-up: let the kernel reach the optimizing tier
  for (let round = 0; round < ROUNDS; round++) {
    best.nodeSeal = Math.max(best.nodeSeal, nodeSeal(key, plain, frames));
    best.wasmSeal = Math.max(best.wasmSeal, wasmSeal(key, plain, frames));
    best.nodeOpen = Math.max(best.nodeOpen, nodeOpen(key, sealed, frames));
    best.wasmOpen = Math.max(best.wasmOpen, wasmOpen(key, sealed, frames));
  }
  emit('mconn.aead.seal.node', best.nodeSeal, 'MB/s', null);
  emit('mconn.aead.seal.wasm', best.wasmSeal, 'MB/s', best.nodeSeal);
  emit('mconn.aead.open.wasm', best.wasmOpen, 'MB/s', best.nodeOpen);

  const self = import.meta.url;
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`, {
    eval: true,
    workerData: { role: 'secret-wasm-bench-server' } satisfies ServerRole,
  });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  const identity = Ed25519PrivateKey.generate();
  try {
    const bulk = { node: 0, wasm: 0 };
    for (let round = 0; round < 3; round++) {
      for (const backend of ['node', 'wasm'] as const) {
        bulk[backend] = Math.max(bulk[backend], await bulkRate(worker, port, identity, backend));
      }
    }
    emit('mconn.secret.bulk.64KiB.node', bulk.node, 'MB/s', best.nodeSeal);
    emit('mconn.secret.bulk.64KiB.wasm', bulk.wasm, 'MB/s', best.nodeSeal);
  } finally {
    worker.postMessage({ stop: true });
    await once(worker, 'exit');
  }
}

if (!isMainThread && (workerData as ServerRole | undefined)?.role === 'secret-wasm-bench-server') {
  serve();
} else if (isMainThread) {
  await runBenchmarks();
}
