/**
 * Peer connect over loopback: dial → added latency (sequential, median and
 * p90), and connections/s with 40 switches dialing one target at once.
 */
import { benchSwitch, emit } from './fixtures.js';

const ROUNDS = 40;
const target = await benchSwitch();
const dialer = await benchSwitch();

const latencies: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const start = performance.now();
  const peer = await dialer.sw.dialPeerWithAddress(target.sw.netAddress);
  latencies.push(performance.now() - start);
  await dialer.sw.stopPeerForError(peer, new Error('bench round done'));
  while (target.sw.peers.size > 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
latencies.sort((a, b) => a - b);
emit('switch.connect.latency.median', latencies[Math.floor(ROUNDS / 2)]!, 'ms');
emit('switch.connect.latency.p90', latencies[Math.floor(ROUNDS * 0.9)]!, 'ms');

const DIALERS = 40;
const storm = await Promise.all(Array.from({ length: DIALERS }, () => benchSwitch()));
const start = performance.now();
await Promise.all(storm.map((s) => s.sw.dialPeerWithAddress(target.sw.netAddress)));
while (target.sw.peers.size < DIALERS) await new Promise((resolve) => setTimeout(resolve, 1));
emit('switch.connect.concurrent40', DIALERS / ((performance.now() - start) / 1000), 'connections/s');

await Promise.all([target.sw.stop(), dialer.sw.stop(), ...storm.map((s) => s.sw.stop())]);
