/** Shared test fixtures: a recording reactor, switches on loopback, polling. */
import { Ed25519PrivateKey, f, message, nodeIdFromPubKey, type Infer, type MessageType, type NodeKey } from '@cometts/types';
import { Switch, type Envelope, type Peer, type Reactor, type ReactorChannel, type SwitchOptions } from '../src/index.js';

export const TestMessage = message(
  'TestMessage',
  { seq: f.uint64(1), text: f.string(2) },
  [['test message text must be at most 64 characters', (m) => m.text.length <= 64, ['text']]],
);
export type TestMessage = Infer<typeof TestMessage>;

/** Wraps a codec to count encodings (broadcast must encode once). */
export function countingCodec<M>(codec: MessageType<M>): MessageType<M> & { encodes: number } {
  const counted = Object.create(codec) as MessageType<M> & { encodes: number };
  counted.encodes = 0;
  counted.encode = (value: M) => {
    counted.encodes++;
    return codec.encode(value);
  };
  return counted;
}

export const TEST_CHANNELS = [0x70, 0x71, 0x72] as const;

/** A reactor that records everything the switch tells it. */
export class TestReactor implements Reactor {
  readonly received: Envelope<TestMessage>[] = [];
  readonly added: Peer[] = [];
  readonly initialized: Peer[] = [];
  readonly removed: { peer: Peer; reason: unknown }[] = [];
  readonly codecs: (MessageType<TestMessage> & { encodes: number })[];
  private readonly channelList: ReactorChannel<TestMessage>[];
  started = false;

  constructor(
    readonly name = 'test',
    channelIds: readonly number[] = TEST_CHANNELS,
  ) {
    this.codecs = channelIds.map(() => countingCodec(TestMessage));
    this.channelList = channelIds.map((id, i) => ({ id, priority: 1 + i, sendQueueCapacity: 100, codec: this.codecs[i]! }));
  }

  channels(): ReactorChannel[] {
    return this.channelList;
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.started = false;
  }

  initPeer(peer: Peer): void {
    this.initialized.push(peer);
  }

  addPeer(peer: Peer): void {
    this.added.push(peer);
  }

  removePeer(peer: Peer, reason: unknown): void {
    this.removed.push({ peer, reason });
  }

  receive(envelope: Envelope): void {
    this.received.push(envelope as Envelope<TestMessage>);
  }

  messagesOn(channelId: number): TestMessage[] {
    return this.received.filter((e) => e.channelId === channelId).map((e) => e.message);
  }
}

export function newNodeKey(): NodeKey {
  const privateKey = Ed25519PrivateKey.generate();
  return { privateKey, nodeId: nodeIdFromPubKey(privateKey.publicKey) };
}

/** Short schedules and generous handshake timeouts: robust on a loaded 2-core machine. */
export const FAST = {
  handshakeTimeoutMs: 10_000,
  dialTimeoutMs: 5_000,
  dialRandomDelayMs: 50,
  allowDuplicateIp: true,
  reconnect: { attempts: 3, intervalMs: 150, jitterMs: 50, backoffAttempts: 3, backoffUnitMs: 100, backoffFactor: 2 },
  mconnConfig: { flushThrottleMs: 5 },
} satisfies Partial<SwitchOptions>;

export interface TestNode {
  sw: Switch;
  reactor: TestReactor;
}

const running: Switch[] = [];

/** A started switch listening on 127.0.0.1 with a TestReactor. */
export async function startNode(options: Partial<SwitchOptions> = {}, reactor = new TestReactor()): Promise<TestNode> {
  const sw = new Switch({
    nodeKey: newNodeKey(),
    network: 'test-chain',
    moniker: 'test-node',
    listenAddress: 'tcp://127.0.0.1:0',
    ...FAST,
    ...options,
  });
  sw.addReactor(reactor.name, reactor);
  await sw.start();
  running.push(sw);
  return { sw, reactor };
}

/** Stops every switch started by startNode (call in afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((sw) => sw.stop()));
}

export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Connects a → b and waits until both sides list each other. */
export async function connect(a: TestNode, b: TestNode): Promise<{ ab: Peer; ba: Peer }> {
  const ab = await a.sw.dialPeerWithAddress(b.sw.netAddress);
  await waitFor(() => b.sw.peers.has(a.sw.nodeId), 'inbound peer');
  return { ab, ba: b.sw.peers.get(a.sw.nodeId)! };
}

/** Collects a switch's connection rejections. */
export function rejections(sw: Switch): { error: Error; outbound: boolean }[] {
  const list: { error: Error; outbound: boolean }[] = [];
  sw.on('connectionRejected', (error, info) => list.push({ error, outbound: info.outbound }));
  return list;
}
