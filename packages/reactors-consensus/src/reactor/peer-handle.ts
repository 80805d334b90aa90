/** Per-peer reactor state: the PeerState, the peer's wakeups, and the keys other reactors read. */
import type { Peer } from '@cometts/switch';
import { peerKey } from '@cometts/switch';
import { PeerState } from './peer-state.js';
import { Wakeup } from './wakeup.js';

/** The consensus reactor's full PeerState (the read-only view is under the switch's PeerRoundStateKey). */
export const ConsensusPeerStateKey = peerKey<PeerState>('ConsensusReactor.peerState.full');

export class PeerHandle {
  readonly state: PeerState;
  readonly dataWake = new Wakeup();
  readonly votesWake = new Wakeup();
  /** Aborted when the peer is removed or the reactor stops. */
  signal: AbortSignal;
  started = false;

  constructor(
    readonly peer: Peer,
    now: () => number,
  ) {
    this.state = new PeerState(now);
    this.signal = peer.signal;
  }

  /** Something the peer might want, or news about the peer: re-run its gossip now. */
  wake(): void {
    this.dataWake.wake();
    this.votesWake.wake();
  }
}
