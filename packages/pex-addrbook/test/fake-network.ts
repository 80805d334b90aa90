import type { NetAddress } from '@cometts/types';
import { DialFailedError, type Peer } from '@cometts/switch';
import { FakeSwitch } from '@cometts/switch/compliance';

/** A FakeSwitch whose dials "connect" to reachable IDs (as outbound FakePeers) and fail otherwise. */
export class DialingFakeSwitch extends FakeSwitch {
  readonly reachable = new Set<string>();
  readonly dialAttempts: NetAddress[] = [];
  /** Dials still "in flight" (held until release()). */
  holdDials = false;
  private held: (() => void)[] = [];
  private inFlight = 0;

  override numPeers() {
    return { ...super.numPeers(), dialing: this.inFlight };
  }

  override async dialPeerWithAddress(address: NetAddress): Promise<Peer> {
    this.dialAttempts.push(address);
    this.inFlight++;
    try {
      if (this.holdDials) await new Promise<void>((resolve) => this.held.push(resolve));
      if (!this.reachable.has(address.id)) throw new DialFailedError(address.dialString(), new Error('unreachable'));
      return this.connectPeer({ id: address.id, isOutbound: true });
    } finally {
      this.inFlight--;
    }
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }
}
