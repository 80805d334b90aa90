/** Bench fixtures: switches on loopback with one byte-payload channel. */
import { Ed25519PrivateKey, f, message, nodeIdFromPubKey, type MessageType } from '@cometts/types';
import { Switch, type Envelope, type Peer, type Reactor, type ReactorChannel } from '../src/index.js';

export const BenchMessage = message('BenchMessage', { payload: f.bytes(1) });
export type BenchMessage = { payload: Uint8Array };
export const BENCH_CHANNEL = 0x70;

export class BenchReactor implements Reactor {
  readonly name = 'bench';
  received = 0;
  onMessage: (() => void) | undefined;
  readonly codec: MessageType<BenchMessage> & { encodedBytes: number; encodes: number };

  constructor() {
    const codec = Object.create(BenchMessage) as MessageType<BenchMessage> & { encodedBytes: number; encodes: number };
    codec.encodedBytes = 0;
    codec.encodes = 0;
    codec.encode = (value) => {
      const bytes = BenchMessage.encode(value);
      codec.encodes++;
      codec.encodedBytes += bytes.length;
      return bytes;
    };
    this.codec = codec;
  }

  channels(): ReactorChannel[] {
    return [{ id: BENCH_CHANNEL, priority: 1, sendQueueCapacity: 1000, codec: this.codec }];
  }

  addPeer(_peer: Peer): void {}
  removePeer(_peer: Peer, _reason: unknown): void {}

  receive(_envelope: Envelope): void {
    this.received++;
    this.onMessage?.();
  }
}

export async function benchSwitch(options: { maxInboundPeers?: number; maxOutboundPeers?: number } = {}): Promise<{ sw: Switch; reactor: BenchReactor }> {
  const privateKey = Ed25519PrivateKey.generate();
  const sw = new Switch({
    nodeKey: { privateKey, nodeId: nodeIdFromPubKey(privateKey.publicKey) },
    network: 'bench-chain',
    moniker: 'bench',
    listenAddress: 'tcp://127.0.0.1:0',
    allowDuplicateIp: true,
    handshakeTimeoutMs: 30_000,
    dialTimeoutMs: 30_000,
    maxInboundPeers: options.maxInboundPeers ?? 100,
    maxOutboundPeers: options.maxOutboundPeers ?? 100,
    // Measure the switch, not the default 5 MB/s per-connection rate limit.
    mconnConfig: { sendRate: 0, recvRate: 0, flushThrottleMs: 10 },
  });
  const reactor = new BenchReactor();
  sw.addReactor('bench', reactor);
  await sw.start();
  return { sw, reactor };
}

export function emit(bench: string, value: number, unit: string, limit: number | null = null): void {
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio: limit ? round(value / limit) : null }));
}
