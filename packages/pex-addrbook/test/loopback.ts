/** Switch + PEX nodes on 127.0.0.1 for the integration tests. */
import { Ed25519PrivateKey, nodeIdFromPubKey, type NetAddress, type NodeKey } from '@cometts/types';
import { Switch, type SwitchOptions } from '@cometts/switch';
import { AddrBook, PexReactor, type PexReactorOptions } from '../src/index.js';

export interface PexNode {
  sw: Switch;
  pex: PexReactor;
  book: AddrBook;
  /** Highest outbound count ever seen (checked on every peer change). */
  maxOutboundSeen: number;
}

export function newNodeKey(): NodeKey {
  const privateKey = Ed25519PrivateKey.generate();
  return { privateKey, nodeId: nodeIdFromPubKey(privateKey.publicKey) };
}

/** Generous handshake timeouts and no dial delay: robust on a loaded 2-core machine. */
const FAST: Partial<SwitchOptions> = {
  handshakeTimeoutMs: 15_000,
  dialTimeoutMs: 5_000,
  dialRandomDelayMs: 20,
  allowDuplicateIp: true,
  mconnConfig: { flushThrottleMs: 5 },
};

const running: PexNode[] = [];

export interface NodeSetup {
  maxOutbound?: number;
  maxInbound?: number;
  seeds?: readonly NetAddress[];
  seedMode?: boolean;
  filePath?: string;
  nodeKey?: NodeKey;
  pex?: Partial<PexReactorOptions>;
}

export async function startPexNode(setup: NodeSetup = {}): Promise<PexNode> {
  const maxOutbound = setup.maxOutbound ?? 3;
  const book = new AddrBook({ strict: false, ...(setup.filePath ? { filePath: setup.filePath } : {}) });
  const sw = new Switch({
    nodeKey: setup.nodeKey ?? newNodeKey(),
    network: 'pex-test-chain',
    moniker: 'pex-node',
    listenAddress: 'tcp://127.0.0.1:0',
    maxOutboundPeers: maxOutbound,
    maxInboundPeers: setup.maxInbound ?? 20,
    addrBook: book.switchHook(),
    ...FAST,
  });
  const pex = new PexReactor({
    book,
    switch: sw,
    maxOutboundPeers: maxOutbound,
    seeds: setup.seeds ?? [],
    seedMode: setup.seedMode ?? false,
    ensurePeersPeriodMs: 300,
    dialBackoffUnitMs: 100,
    crawlAnswerTimeoutMs: 2000,
    minTimeBetweenCrawlsMs: 1000,
    ...setup.pex,
  });
  sw.addReactor('PEX', pex);
  const node: PexNode = { sw, pex, book, maxOutboundSeen: 0 };
  const track = () => {
    node.maxOutboundSeen = Math.max(node.maxOutboundSeen, sw.numPeers().outbound);
  };
  sw.on('peerAdded', track);
  sw.on('peerRemoved', track);
  await sw.start();
  running.push(node);
  return node;
}

export async function stopNode(node: PexNode): Promise<void> {
  const i = running.indexOf(node);
  if (i >= 0) running.splice(i, 1);
  await node.sw.stop();
}

export async function stopAllNodes(): Promise<void> {
  await Promise.all(running.splice(0).map((n) => n.sw.stop()));
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
