import { BlockStore, openMemoryDb } from '@cometts/store';
import { PeerRoundStateKey, type Peer } from '@cometts/switch';
import type { ConsensusDriver, ConsensusReactor } from '@cometts/reactors-consensus';
import { describe, expect, it } from 'vitest';
import { ChainInfo } from '../src/consensus/chain-info';

function peerAt(height: bigint): Peer {
  return { get: (key: unknown) => (key === PeerRoundStateKey ? { height, round: 0, step: 1 } : undefined) } as unknown as Peer;
}

describe('ChainInfo', () => {
  it('with no blocks reports the initial sync info; catching up while a peer is 2+ heights ahead', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    const driver = { on: () => () => undefined, get state(): never { throw new Error('not started'); } } as unknown as ConsensusDriver;
    const info = await ChainInfo.load(store, driver);
    let syncing = false;
    let peers = [peerAt(1n)];
    info.follow({ syncing: () => syncing } as unknown as ConsensusReactor, () => peers);
    const s = info.syncInfo();
    expect([s.latestBlockHeight, s.earliestBlockHeight, s.latestBlockHash.length, s.catchingUp]).toEqual([0n, 0n, 0, false]);
    expect(info.votingPower(new Uint8Array(20))).toBe(0n);
    peers = [peerAt(2n)];
    expect(info.catchingUp()).toBe(false); // one height ahead: normal
    peers = [peerAt(1n), peerAt(3n)];
    expect(info.catchingUp()).toBe(true);
    peers = [];
    syncing = true;
    expect(info.catchingUp()).toBe(true);
    info.close();
  });
});
