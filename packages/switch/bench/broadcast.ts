/**
 * Broadcast of a 1 KiB message from a hub to 50 peers over loopback:
 * broadcasts/s until every peer has every message, and bytes encoded per
 * broadcast (must equal one encoding).
 */
import { BENCH_CHANNEL, BenchMessage, benchSwitch, emit } from './fixtures.js';

const PEERS = 50;
const MESSAGES = 1000;

const hub = await benchSwitch({ maxOutboundPeers: PEERS });
const spokes = await Promise.all(Array.from({ length: PEERS }, () => benchSwitch()));
for (const spoke of spokes) await hub.sw.dialPeerWithAddress(spoke.sw.netAddress);

const message = { payload: new Uint8Array(1024).fill(7) };
const oneEncoding = BenchMessage.encode(message).length;
let delivered = 0;
const total = PEERS * MESSAGES;
const done = new Promise<void>((resolve) => {
  for (const spoke of spokes) {
    spoke.reactor.onMessage = () => {
      if (++delivered === total) resolve();
    };
  }
});

hub.reactor.codec.encodedBytes = 0;
hub.reactor.codec.encodes = 0;
const start = performance.now();
for (let i = 0; i < MESSAGES; i++) {
  const result = await hub.sw.broadcast(BENCH_CHANNEL, message);
  if (result.failed.length > 0) throw new Error(`broadcast failed for ${result.failed.length} peers`);
}
await done;
const seconds = (performance.now() - start) / 1000;

emit('switch.broadcast.1KiB.50peers', MESSAGES / seconds, 'broadcasts/s');
emit('switch.broadcast.1KiB.50peers.deliveries', total / seconds, 'msgs/s');
emit('switch.broadcast.1KiB.50peers.encodedBytesPerBroadcast', hub.reactor.codec.encodedBytes / MESSAGES, 'bytes', oneEncoding);

await Promise.all([hub.sw.stop(), ...spokes.map((s) => s.sw.stop())]);
