/**
 * MConnection bulk throughput over loopback TCP, rate limits off, one
 * channel, one direction, sender and receiver in two worker threads (so, as
 * between two nodes, each side has its own core and event loop). Messages of
 * 1 KiB, 64 KiB and 1 MiB, plain and through a SecretConnection; the limit of
 * the encrypted figures is the raw node:crypto ChaCha20-Poly1305 seal rate on
 * 1028-byte frames measured in the same run. MB = 10^6 bytes of message
 * payload delivered to onReceive, over wall time from the first message to
 * the last; messages are built once. Each figure starts with an untimed
 * transfer of twice its size on the same workers (the first few hundred MB
 * run measurably slower while JIT tiers and heaps settle), then takes the
 * best of RUNS timed transfers, as the machine is shared. A last line
 * compares the encrypted 64 KiB figure with the goal of issue 3 (150 MB/s).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Ed25519PrivateKey } from '@cometts/types';
import { MConnection, secretHandshake } from '../src/index.js';

type Mode = 'plain' | 'secret';
interface Job {
  mode: Mode;
  size: number;
  total: number;
}
interface Role {
  role: 'mconn-bench-receiver' | 'mconn-bench-sender';
}

const CHANNEL = 0x40;
const RUNS = 3;
/** Untimed transfer before each figure, in multiples of its total. */
const WARM_UP = 2;
/** MB/s asked of the encrypted 64 KiB figure (issue 3). */
const GOAL_64KIB = 150;
const FIGURES: { label: string; size: number; total: number; queue: number }[] = [
  { label: '1KiB', size: 1024, total: 64 * 1024 * 1024, queue: 1000 },
  { label: '64KiB', size: 64 * 1024, total: 128 * 1024 * 1024, queue: 100 },
  { label: '1MiB', size: 1024 * 1024, total: 128 * 1024 * 1024, queue: 10 },
];
const queueFor = (size: number): number => FIGURES.find((f) => f.size === size)!.queue;
const CONFIG = { sendRate: 0, recvRate: 0 };

function emit(bench: string, value: number, unit: string, limit: number | null = null): void {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const ratio = limit ? Math.round((value / limit) * 100) / 100 : null;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}

async function secure(socket: Socket, mode: Mode): Promise<Duplex> {
  if (mode === 'plain') return socket;
  const conn = await secretHandshake(socket, Ed25519PrivateKey.generate());
  conn.on('error', () => {});
  return conn;
}

/** Receiver worker: accepts one connection per job and reports the time from start to the last byte. */
function receiver(): void {
  let job: Job | undefined;
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    const { mode, size, total } = job!;
    void secure(socket, mode).then((stream) => {
      let received = 0;
      let start = 0;
      const conn = new MConnection(
        stream,
        [{ id: CHANNEL, priority: 5, sendQueueCapacity: queueFor(size), recvMessageCapacity: 2 * size }],
        {
          onReceive: (_ch, message) => {
            if (start === 0) start = performance.now();
            received += message.length;
            if (received >= total) {
              const ms = performance.now() - start;
              void conn.stop().then(() => parentPort!.postMessage({ done: { bytes: received - size, ms } }));
            }
          },
          onError: () => {},
        },
        CONFIG,
      );
      conn.start();
    });
  });
  parentPort!.on('message', (message: { job?: Job; stop?: boolean }) => {
    if (message.job) job = message.job;
    if (message.stop) server.close(() => parentPort!.close());
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as { port: number }).port }));
}

/** Sender worker: dials, and sends `total` bytes of `size`-byte messages as fast as the connection takes them. */
function sender(): void {
  parentPort!.on('message', async (message: { job?: Job & { port: number }; stop?: boolean }) => {
    if (message.stop) return parentPort!.close();
    const { port, mode, size, total } = message.job!;
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.on('error', () => {});
    await once(socket, 'connect');
    const stream = await secure(socket, mode);
    const conn = new MConnection(stream, [{ id: CHANNEL, priority: 5, sendQueueCapacity: queueFor(size) }], { onReceive: () => {}, onError: () => {} }, CONFIG);
    conn.start();
    const payload = randomBytes(size);
    for (let sent = 0; sent < total; sent += size) {
      if (!conn.trySend(CHANNEL, payload) && !(await conn.send(CHANNEL, payload, 60_000))) break;
    }
    parentPort!.postMessage({ queued: true });
  });
}

/** Raw seal rate: one createCipheriv per 1028-byte frame, MB/s of the 1024 payload bytes per frame. */
function sealLimit(): number {
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  const frame = randomBytes(1028);
  const out = Buffer.allocUnsafe(64 * 1044);
  let best = 0;
  for (let run = 0; run < 3; run++) {
    const frames = 40_000;
    const start = performance.now();
    for (let i = 0; i < frames; i++) {
      nonce.writeUInt32LE(i, 4);
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      const at = (i & 63) * 1044;
      out.set(cipher.update(frame), at);
      cipher.final();
      out.set(cipher.getAuthTag(), at + 1028);
    }
    best = Math.max(best, (frames * 1024) / ((performance.now() - start) * 1000));
  }
  return best;
}

function startWorker(role: Role['role']): Worker {
  // Workers do not inherit tsx's loader hooks on Node 20: load this file through tsx's API.
  const self = import.meta.url;
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`, {
    eval: true,
    workerData: { role } satisfies Role,
  });
}

/** One transfer: MB/s from the receiver's first message to its last. */
async function bulkRate(rx: Worker, tx: Worker, port: number, job: Job): Promise<number> {
  rx.postMessage({ job });
  const done = new Promise<{ bytes: number; ms: number }>((resolve) => {
    const onMessage = (m: { done?: { bytes: number; ms: number } }): void => {
      if (!m.done) return;
      rx.off('message', onMessage);
      resolve(m.done);
    };
    rx.on('message', onMessage);
  });
  tx.postMessage({ job: { ...job, port } });
  const { bytes, ms } = await done;
  return bytes / (ms * 1000);
}

async function run(): Promise<void> {
  const rx = startWorker('mconn-bench-receiver');
  const tx = startWorker('mconn-bench-sender');
  const [{ port }] = (await once(rx, 'message')) as [{ port: number }];
  try {
    // The seal limit is re-measured before every encrypted figure and the best
    // value kept, so a moment of CPU contention does not understate it.
    let limit = sealLimit();
    const results: { bench: string; value: number; secret: boolean }[] = [];
    for (const mode of ['plain', 'secret'] as const) {
      for (const figure of FIGURES) {
        if (mode === 'secret') limit = Math.max(limit, sealLimit());
        const job = { mode, size: figure.size, total: figure.total };
        await bulkRate(rx, tx, port, { ...job, total: WARM_UP * figure.total }); // not counted
        let best = 0;
        for (let i = 0; i < RUNS; i++) best = Math.max(best, await bulkRate(rx, tx, port, job));
        results.push({ bench: `mconn.mconnection.${mode}.bulk.${figure.label}`, value: best, secret: mode === 'secret' });
      }
    }
    emit('mconn.mconnection.chacha20poly1305.seal.1028B', limit, 'MB/s');
    for (const r of results) emit(r.bench, r.value, 'MB/s', r.secret ? limit : null);
    const secret64 = results.find((r) => r.bench === 'mconn.mconnection.secret.bulk.64KiB')!;
    emit('mconn.mconnection.secret.bulk.64KiB.vs-goal', secret64.value, 'MB/s', GOAL_64KIB);
  } finally {
    rx.postMessage({ stop: true });
    tx.postMessage({ stop: true });
    await Promise.all([once(rx, 'exit'), once(tx, 'exit')]);
  }
}

const role = (workerData as Role | undefined)?.role;
if (!isMainThread && role === 'mconn-bench-receiver') receiver();
else if (!isMainThread && role === 'mconn-bench-sender') sender();
else if (isMainThread) await run();
