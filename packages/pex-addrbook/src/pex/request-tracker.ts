/**
 * Per-peer PEX request state (pex.md §2): which peers we asked and that have
 * not answered, and when each peer last asked us (rate limit). Cleared when
 * the peer is removed.
 */
import type { NodeId } from '@cometts/types';
import type { Clock } from '../clock.js';
import { PexRequestTooSoonError } from '../errors.js';

/** "Asked once, no time recorded yet": the first two requests are free. */
const FIRST_REQUEST = -Infinity;

export class RequestTracker {
  private readonly requestsSent = new Set<NodeId>();
  private readonly lastReceived = new Map<NodeId, number>();

  constructor(
    private readonly clock: Clock,
    private readonly minIntervalMs: number,
  ) {}

  /** Records that we ask `id`; false if a request to it is still unanswered. */
  startRequest(id: NodeId): boolean {
    if (this.requestsSent.has(id)) return false;
    this.requestsSent.add(id);
    return true;
  }

  /** The request could not be queued: allow asking again. */
  cancelRequest(id: NodeId): void {
    this.requestsSent.delete(id);
  }

  isAwaitingResponse(id: NodeId): boolean {
    return this.requestsSent.has(id);
  }

  /** A PexAddrs arrived from `id`: true if we had asked (the request is then answered). */
  takeResponse(id: NodeId): boolean {
    return this.requestsSent.delete(id);
  }

  /**
   * Upstream's receiveRequest: the first request is recorded without a time,
   * the second records now, and later ones must be minIntervalMs apart.
   */
  checkIncomingRequest(id: NodeId): PexRequestTooSoonError | undefined {
    const last = this.lastReceived.get(id);
    const now = this.clock.now();
    if (last === undefined) {
      this.lastReceived.set(id, FIRST_REQUEST);
      return undefined;
    }
    if (last !== FIRST_REQUEST && now - last < this.minIntervalMs) {
      return new PexRequestTooSoonError(id, now - last, this.minIntervalMs);
    }
    this.lastReceived.set(id, now);
    return undefined;
  }

  /** Seed mode: has this peer already asked during this connection? Records it if not. */
  firstRequestOfConnection(id: NodeId): boolean {
    if (this.lastReceived.has(id)) return false;
    this.lastReceived.set(id, this.clock.now());
    return true;
  }

  forget(id: NodeId): void {
    this.requestsSent.delete(id);
    this.lastReceived.delete(id);
  }

  get trackedPeers(): number {
    return new Set([...this.requestsSent, ...this.lastReceived.keys()]).size;
  }
}
