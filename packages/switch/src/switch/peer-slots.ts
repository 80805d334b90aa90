/**
 * Peer-limit accounting. Upstream checked the outbound count before dialing
 * but counted the dial only once it succeeded, so concurrent dial paths
 * (PEX, persistent redials, dialPeersAsync) could overshoot. Here a dial
 * reserves its slot first and gives it back if it fails; the check and the
 * increment happen in one synchronous step, so nothing can interleave.
 * Unconditional peers are never counted.
 */

export interface OutboundSlot {
  /** The dial became a peer: the reservation turns into a counted outbound peer. */
  commit(): void;
  /** The dial failed: the slot is free again. Safe to call after commit (no-op). */
  release(): void;
}

export class PeerSlots {
  private inboundPeers = 0;
  private outboundPeers = 0;
  private reserved = 0;

  constructor(
    readonly maxInbound: number,
    readonly maxOutbound: number,
  ) {}

  get inbound(): number {
    return this.inboundPeers;
  }

  /** Connected outbound peers (reservations excluded). */
  get outbound(): number {
    return this.outboundPeers;
  }

  /** Outbound dials holding a slot. */
  get reservedOutbound(): number {
    return this.reserved;
  }

  /** Reserves an outbound slot, or returns undefined if connected + reserved would exceed the limit. */
  reserveOutbound(): OutboundSlot | undefined {
    if (this.outboundPeers + this.reserved >= this.maxOutbound) return undefined;
    this.reserved++;
    let state: 'held' | 'committed' | 'released' = 'held';
    return {
      commit: () => {
        if (state !== 'held') return;
        state = 'committed';
        this.reserved--;
        this.outboundPeers++;
      },
      release: () => {
        if (state !== 'held') return;
        state = 'released';
        this.reserved--;
      },
    };
  }

  /** Counts an inbound peer if there is room. */
  tryAddInbound(): boolean {
    if (this.inboundPeers >= this.maxInbound) return false;
    this.inboundPeers++;
    return true;
  }

  /** A counted peer left. */
  remove(outbound: boolean): void {
    if (outbound) this.outboundPeers = Math.max(0, this.outboundPeers - 1);
    else this.inboundPeers = Math.max(0, this.inboundPeers - 1);
  }
}
