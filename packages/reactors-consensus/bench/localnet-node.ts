/**
 * One validator process of the benchmark network: the whole consensus stack
 * (test/support/reactor/stack.ts) on loopback TCP, reporting its height and
 * CPU use to the parent over IPC.
 */
import { Ed25519PrivateKey, NetAddress } from '@cometts/types';
import { StackNode, makeGenesis, makeHome } from '../test/support/reactor/stack.js';
import type { ConsensusTimeouts } from '../src/core/types.js';

export interface NodeSpec {
  index: number;
  dir: string;
  validatorSeeds: string[];
  chainId: string;
  genesisTimeMs: number;
  timeouts: ConsensusTimeouts;
}

export type ToChild = { type: 'peers'; addresses: string[] } | { type: 'stop' };
export type FromChild =
  | { type: 'listening'; address: string }
  | { type: 'status'; height: string; cpuMicros: number; rss: number; peers: number; atMs: number };

const send = (m: FromChild) => process.send!(m);

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]!) as NodeSpec;
  const keys = spec.validatorSeeds.map((s) => Ed25519PrivateKey.fromSeed(Buffer.from(s, 'hex')));
  const genesis = makeGenesis(keys, spec.chainId);
  genesis.genesisTime = { seconds: BigInt(Math.floor(spec.genesisTimeMs / 1000)), nanos: 0 };
  const home = await makeHome(spec.dir, keys[spec.index]);
  const node = await StackNode.start(home, genesis, 0, spec.timeouts);
  send({ type: 'listening', address: node.address.toString() });
  const timer = setInterval(() => {
    const cpu = process.cpuUsage();
    send({ type: 'status', height: node.height.toString(), cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, peers: node.sw.peers.size, atMs: Date.now() });
  }, 200);
  process.on('message', (m: ToChild) => {
    if (m.type === 'peers') {
      for (const a of m.addresses) void node.sw.dialPeerWithAddress(NetAddress.parse(a)).catch(() => undefined);
    } else {
      clearInterval(timer);
      void node.stop().finally(() => process.exit(0));
    }
  });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
