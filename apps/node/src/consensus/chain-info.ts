/**
 * What /status reports about the chain: the latest and earliest stored
 * blocks (kept current from the driver's newBlock events, so /status never
 * waits on the database) and whether the node is catching up.
 */
import type { BlockStore } from '@cometts/store';
import { PeerRoundStateKey, type Peer } from '@cometts/switch';
import type { ConsensusDriver, ConsensusReactor } from '@cometts/reactors-consensus';
import type { Header } from '@cometts/types';
import { initialSyncInfo, type SyncInfo } from '../rpc/routes/info.js';

interface BlockSummary {
  hash: Uint8Array;
  header: Header;
}

export class ChainInfo {
  private reactor: ConsensusReactor | undefined;
  private peers: (() => Iterable<Peer>) | undefined;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly blockStore: BlockStore,
    private readonly driver: ConsensusDriver,
    private latest: BlockSummary | undefined,
    private earliest: BlockSummary | undefined,
  ) {
    this.unsubscribe = driver.on((e) => {
      if (e.type !== 'newBlock') return;
      this.latest = { hash: e.blockId.hash, header: e.block.header };
      this.earliest ??= this.latest;
    });
  }

  static async load(blockStore: BlockStore, driver: ConsensusDriver): Promise<ChainInfo> {
    const summary = async (height: bigint): Promise<BlockSummary | undefined> => {
      if (height === 0n) return undefined;
      const meta = await blockStore.loadBlockMeta(height);
      return meta === undefined ? undefined : { hash: meta.blockId.hash, header: meta.header };
    };
    return new ChainInfo(blockStore, driver, await summary(blockStore.height()), await summary(blockStore.base()));
  }

  /** Peers' announced heights tell whether we are behind (cometts catches up through consensus gossip). */
  follow(reactor: ConsensusReactor, peers: () => Iterable<Peer>): void {
    this.reactor = reactor;
    this.peers = peers;
  }

  /**
   * Syncing (block/state sync), or at least two heights behind the highest
   * height a peer announced: the node is still collecting committed blocks.
   */
  catchingUp(): boolean {
    if (this.reactor?.syncing()) return true;
    const next = this.blockStore.height() + 1n;
    for (const peer of this.peers?.() ?? []) {
      const view = peer.get(PeerRoundStateKey);
      if (view !== undefined && view.height > next + 1n) return true;
    }
    return false;
  }

  syncInfo(): SyncInfo {
    const info = initialSyncInfo();
    if (this.latest !== undefined) {
      info.latestBlockHash = this.latest.hash;
      info.latestAppHash = this.latest.header.appHash;
      info.latestBlockHeight = this.latest.header.height;
      info.latestBlockTime = this.latest.header.time;
    }
    if (this.earliest !== undefined) {
      info.earliestBlockHash = this.earliest.hash;
      info.earliestAppHash = this.earliest.header.appHash;
      info.earliestBlockHeight = this.earliest.header.height;
      info.earliestBlockTime = this.earliest.header.time;
    }
    info.catchingUp = this.catchingUp();
    return info;
  }

  /** Our power in the validator set of the next height (0 when not a validator or before consensus starts). */
  votingPower(address: Uint8Array): bigint {
    let validators;
    try {
      validators = this.driver.state.validators;
    } catch {
      return 0n;
    }
    return validators.getByAddress(address)?.validator.votingPower ?? 0n;
  }

  close(): void {
    this.unsubscribe();
  }
}
