/**
 * The MConnection's own per-byte cost, on one thread and without a socket:
 * the send path (scheduling, packetising into batches, one write per batch)
 * and the receive path (parsing, reassembly, delivery of each message as its
 * own buffer) for 1 KiB, 64 KiB and 1 MiB messages. Limit: the raw
 * node:crypto ChaCha20-Poly1305 seal rate on 1028-byte frames, which an
 * encrypted link pays on the same thread, so a ratio above 1 means the
 * MConnection is not what bounds an encrypted link. Best of 5 runs; MB = 10^6
 * message bytes.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { resolveChannels, resolveConfig } from '../src/mconnection/config.js';
import { ReceiveRoutine } from '../src/mconnection/receive-routine.js';
import { SendRoutine } from '../src/mconnection/send-routine.js';

const CONFIG = resolveConfig({ sendRate: 0, recvRate: 0, flushThrottleMs: 0 });
const BYTES = 32 * 1024 * 1024;
const RUNS = 5;

function emit(bench: string, value: number, unit: string, limit: number | null = null): void {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const ratio = limit ? Math.round((value / limit) * 100) / 100 : null;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}

function sealLimit(): number {
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  const frame = randomBytes(1028);
  let best = 0;
  for (let run = 0; run < RUNS; run++) {
    const frames = 20_000;
    const start = performance.now();
    for (let i = 0; i < frames; i++) {
      nonce.writeUInt32LE(i, 4);
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      cipher.update(frame);
      cipher.final();
      cipher.getAuthTag();
    }
    best = Math.max(best, (frames * 1024) / ((performance.now() - start) * 1000));
  }
  return best;
}

/** Sends BYTES of `size`-byte messages through a SendRoutine into a sink; returns MB/s and the wire chunks. */
async function sendPath(size: number): Promise<{ rate: number; wire: Buffer[] }> {
  const descriptors = resolveChannels([{ id: 0x40, priority: 5, sendQueueCapacity: 1000 }]);
  const message = randomBytes(size);
  let best = 0;
  let wire: Buffer[] = [];
  for (let run = 0; run < RUNS; run++) {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1 << 30,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    const sender = new SendRoutine(sink, descriptors, CONFIG);
    const channel = sender.channel(0x40)!;
    const start = performance.now();
    for (let queued = 0; queued < BYTES; ) {
      while (queued < BYTES && channel.enqueue(message)) queued += size;
      await sender.drain();
    }
    best = Math.max(best, BYTES / ((performance.now() - start) * 1000));
    sender.close();
    wire = chunks;
  }
  return { rate: best, wire };
}

/** Feeds the wire, re-cut into 64 KiB reads like a socket's, through a ReceiveRoutine; returns MB/s. */
async function recvPath(wire: Buffer[]): Promise<number> {
  const all = Buffer.concat(wire);
  const reads: Buffer[] = [];
  for (let pos = 0; pos < all.length; pos += 65536) reads.push(Buffer.from(all.subarray(pos, pos + 65536)));
  let best = 0;
  for (let run = 0; run < RUNS; run++) {
    const stream = new PassThrough();
    let delivered = 0;
    const receiver = new ReceiveRoutine(
      stream,
      resolveChannels([{ id: 0x40, priority: 5 }]),
      CONFIG,
      (_ch, message) => void (delivered += message.length),
      { ping() {}, pong() {}, failure: (error) => { throw error; } },
    );
    receiver.start();
    const start = performance.now();
    for (let i = 0; i < reads.length; i++) {
      stream.emit('data', reads[i]!);
      if ((i & 15) === 15) await null; // let queued deliveries run, as between socket reads
    }
    await receiver.whenDelivered();
    best = Math.max(best, delivered / ((performance.now() - start) * 1000));
    receiver.close();
  }
  return best;
}

const limit = sealLimit();
for (const [label, size] of [
  ['1KiB', 1024],
  ['64KiB', 64 * 1024],
  ['1MiB', 1024 * 1024],
] as const) {
  const { rate, wire } = await sendPath(size);
  emit(`mconn.mconnection.sendpath.${label}`, rate, 'MB/s', limit);
  emit(`mconn.mconnection.recvpath.${label}`, await recvPath(wire), 'MB/s', limit);
}
