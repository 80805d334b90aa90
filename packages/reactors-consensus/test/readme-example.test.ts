/** The README's quick start, run as written (paths under a temp dir). */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLevel } from 'memory-level';
import { expect, it } from 'vitest';
import { defaultConsensusParams } from '@cometts/types';
import { KVStoreApplication } from '@cometts/kvstore';
import { BlockStore, StateStore, openMemoryDb } from '@cometts/store';
import { AbciBlockExecutor, ConsensusDriver, ConsensusWal, FilePV, InMemoryTxSource, handshake } from '../src/index.js';

it('README quick start: a one-validator kvstore chain commits blocks and resumes after a restart', async () => {
  const home = await mkdtemp(join(tmpdir(), 'cometts-readme-'));
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
  const txs = new InMemoryTxSource();
  txs.add(new TextEncoder().encode('name=satoshi'));
  const executor = new AbciBlockExecutor({ app, stateStore, blockStore, txSource: txs });
  const timeouts = { propose: 1000, proposeDelta: 500, prevote: 100, prevoteDelta: 50, precommit: 100, precommitDelta: 50, commit: 100 };

  const committed: { height: bigint; txs: number }[] = [];
  const run = async (from: typeof state, until: bigint) => {
    const wal = await ConsensusWal.open(join(home, 'data/cs.wal/wal'));
    const driver = new ConsensusDriver({ state: from, blockStore, executor, wal, privValidator: pv, config: { timeouts } });
    driver.on((e) => {
      if (e.type === 'newBlock') committed.push({ height: e.height, txs: e.block.data.txs.length });
    });
    await driver.start();
    while (driver.state.lastBlockHeight < until) await new Promise((r) => setTimeout(r, 10));
    const last = driver.state;
    await driver.stop();
    await wal.close();
    return last;
  };
  const mid = await run(state, 2n);
  const end = await run(mid, mid.lastBlockHeight + 2n);
  expect(end.lastBlockHeight).toBeGreaterThanOrEqual(4n);
  expect(committed[0]).toEqual({ height: 1n, txs: 1 });
  expect(committed.map((c) => c.height)).toEqual(committed.map((_, i) => BigInt(i + 1)));
  await rm(home, { recursive: true, force: true });
}, 30_000);
