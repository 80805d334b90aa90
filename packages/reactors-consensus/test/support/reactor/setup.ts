/** A ConsensusReactor on a FakeSwitch with a FakeEngine and a FakeBlockStore. */
import { FakeSwitch, type FakePeer } from '@cometts/switch/compliance';
import type { ConsensusMessage } from '@cometts/types';
import { ConsensusReactor } from '../../../src/reactor/reactor.js';
import type { ConsensusReactorConfig } from '../../../src/reactor/config.js';
import { FakeBlockStore, FakeEngine, type MutableRoundState } from './fake-engine.js';

export interface ReactorSetup {
  sw: FakeSwitch;
  engine: FakeEngine;
  store: FakeBlockStore;
  reactor: ConsensusReactor;
}

/** Fast polls, so tests do not wait on upstream's 100 ms / 2 s intervals. */
export const FAST_CONFIG: Partial<ConsensusReactorConfig> = { peerGossipSleepMs: 20, peerQueryMaj23SleepMs: 20 };

export function setupReactor(rs: MutableRoundState | undefined, config: Partial<ConsensusReactorConfig> = {}): ReactorSetup {
  const sw = new FakeSwitch();
  const engine = new FakeEngine(rs);
  const store = new FakeBlockStore();
  const reactor = new ConsensusReactor({ switch: sw, engine, blockStore: store, config: { ...FAST_CONFIG, ...config } });
  sw.addReactor(reactor);
  reactor.start();
  return { sw, engine, store, reactor };
}

type ValueOf<C extends ConsensusMessage['case']> = Extract<ConsensusMessage, { case: C }>['value'];

/** Values of the messages of one case a peer got. */
export function received<C extends ConsensusMessage['case']>(peer: FakePeer, kind: C): ValueOf<C>[] {
  const values: unknown[] = [];
  for (const s of peer.sent) {
    const m = s.message as ConsensusMessage;
    if (m.case === kind) values.push(m.value);
  }
  return values as ValueOf<C>[];
}

export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
