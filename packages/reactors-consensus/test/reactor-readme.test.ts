/** The README's consensus reactor example, run as written (temp paths, a free port). */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KVStoreApplication } from '@cometts/kvstore';
import { BlockStore, StateStore, openMemoryDb } from '@cometts/store';
import { Switch, loadOrCreateNodeKey, PeerRoundStateKey } from '@cometts/switch';
import { defaultConsensusParams } from '@cometts/types';
import { MemoryLevel } from 'memory-level';
import { expect, it } from 'vitest';
import { AbciBlockExecutor, ConsensusDriver, ConsensusReactor, ConsensusWal, FilePV, handshake } from '../src/index.js';

it('README: a validator with the consensus reactor on a switch; a peer learns its height', async () => {
  const home = await mkdtemp(join(tmpdir(), 'cometts-reactor-readme-'));
  mkdirSync(join(home, 'config'), { recursive: true });
  mkdirSync(join(home, 'data'), { recursive: true });
  const pv = await FilePV.generate(join(home, 'config/priv_validator_key.json'), join(home, 'data/priv_validator_state.json'));
  const genesis = {
    genesisTime: { seconds: 1_704_067_200n, nanos: 0 },
    chainId: 'demo-chain',
    initialHeight: 1n,
    consensusParams: defaultConsensusParams(),
    validators: [{ pubKey: await pv.getPubKey(), power: 10n }],
    appHash: new Uint8Array(0),
    appState: new Uint8Array(0),
  };
  const app = await KVStoreApplication.open(new MemoryLevel());
  const stateStore = new StateStore(await openMemoryDb());
  const blockStore = await BlockStore.open(await openMemoryDb());
  const { state } = await handshake({ app, stateStore, blockStore, genesis });
  const wal = await ConsensusWal.open(join(home, 'data/cs.wal/wal'));
  const driver = new ConsensusDriver({
    state,
    blockStore,
    executor: new AbciBlockExecutor({ app, stateStore, blockStore }),
    wal,
    privValidator: pv,
    config: { timeouts: { propose: 1000, proposeDelta: 500, prevote: 100, prevoteDelta: 50, precommit: 100, precommitDelta: 50, commit: 50 } },
  });

  const sw = new Switch({
    nodeKey: await loadOrCreateNodeKey(join(home, 'config/node_key.json')),
    network: 'demo-chain',
    moniker: 'demo',
    listenAddress: 'tcp://127.0.0.1:0',
  });
  const reactor = new ConsensusReactor({ switch: sw, engine: driver, blockStore, initialHeight: genesis.initialHeight });
  sw.addReactor('CONSENSUS', reactor);
  await driver.start();
  await sw.start();

  // A second switch with only a reactor-less view: its peer entry shows the validator's announced height.
  const observer = new Switch({ nodeKey: await loadOrCreateNodeKey(join(home, 'observer_key.json')), network: 'demo-chain', moniker: 'observer' });
  const watcher = new ConsensusReactor({ switch: observer, engine: driver, blockStore, initialHeight: 1n, config: { waitSync: true } });
  observer.addReactor('CONSENSUS', watcher);
  await observer.start();
  const peer = await observer.dialPeerWithAddress(sw.netAddress);
  const deadline = Date.now() + 15_000;
  while ((peer.get(PeerRoundStateKey)?.height ?? 0n) < 3n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(peer.get(PeerRoundStateKey)!.height).toBeGreaterThanOrEqual(3n);
  expect(blockStore.height()).toBeGreaterThanOrEqual(2n);

  await observer.stop();
  await sw.stop();
  await driver.stop();
  await wal.close();
  await rm(home, { recursive: true, force: true });
});
