/**
 * Typed per-peer store. Upstream used a `string → interface{}` map with
 * casts at every read and no delete; here a key carries its value type and
 * identity is the key object itself, so two reactors cannot collide on a name.
 */

export interface PeerKey<T> {
  readonly name: string;
  /** Phantom field: carries T for the type checker only. */
  readonly __type?: T;
}

export function peerKey<T>(name: string): PeerKey<T> {
  return Object.freeze({ name });
}

/** The store each peer carries; cleared when the peer is removed. */
export class PeerStore {
  private readonly values = new Map<PeerKey<unknown>, unknown>();

  get<T>(key: PeerKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T>(key: PeerKey<T>, value: T): void {
    this.values.set(key, value);
  }

  has(key: PeerKey<unknown>): boolean {
    return this.values.has(key);
  }

  delete(key: PeerKey<unknown>): boolean {
    return this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }
}

/**
 * Read-only view of a peer's consensus round state, published by the
 * consensus reactor in `initPeer` and read by mempool/evidence reactors to
 * gate gossip on the peer's height (0 until the peer announces one).
 */
export interface PeerRoundStateView {
  readonly height: bigint;
  readonly round: number;
  readonly step: number;
}

export const PeerRoundStateKey: PeerKey<PeerRoundStateView> = peerKey<PeerRoundStateView>('ConsensusReactor.peerState');
