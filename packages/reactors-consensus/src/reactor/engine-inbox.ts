/**
 * Hands peers' Proposal, BlockPart and Vote messages to the consensus engine
 * without ever running consensus inside receive. The engine's own queue
 * takes them at once; when it is full (upstream would block the peer's
 * receive routine), they wait here, in order, up to a bound, and are fed in
 * as room appears. Past the bound they are dropped: gossip resends what the
 * engine never saw, since our HasVote never announced it.
 */
import type { ConsensusMessage } from '@cometts/types';
import type { ConsensusLogger } from '../driver/ports.js';
import type { ConsensusEngine } from './engine.js';

/** How long one backlog item may wait for room before it is dropped. */
const DELIVER_TIMEOUT_MS = 10_000;

interface Item {
  msg: ConsensusMessage;
  peerId: string;
}

export class EngineInbox {
  private backlog: Item[] = [];
  private head = 0;
  private pumping = false;
  private stopped = false;
  /** Messages dropped because the backlog was full or the engine did not take them. */
  dropped = 0;

  constructor(
    private readonly engine: ConsensusEngine,
    private readonly capacity: number,
    private readonly logger: ConsensusLogger,
  ) {}

  get backlogSize(): number {
    return this.backlog.length - this.head;
  }

  push(msg: ConsensusMessage, peerId: string): void {
    if (this.stopped) return;
    if (this.backlogSize === 0 && this.engine.deliver(msg, peerId)) return;
    if (this.backlogSize >= this.capacity) {
      this.drop(msg, peerId, 'backlog full');
      return;
    }
    this.backlog.push({ msg, peerId });
    if (!this.pumping) void this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.backlog = [];
    this.head = 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.stopped && this.backlogSize > 0) {
        const item = this.backlog[this.head]!;
        const taken = await this.engine.deliverWait(item.msg, item.peerId, DELIVER_TIMEOUT_MS);
        if (this.stopped) return;
        this.head++;
        if (!taken) this.drop(item.msg, item.peerId, 'engine did not take it');
        if (this.head > 1024 && this.head * 2 > this.backlog.length) {
          this.backlog = this.backlog.slice(this.head);
          this.head = 0;
        }
      }
      this.backlog = [];
      this.head = 0;
    } finally {
      this.pumping = false;
    }
  }

  private drop(msg: ConsensusMessage, peerId: string, why: string): void {
    this.dropped++;
    this.logger.debug('consensus message dropped', { peer: peerId, message: msg.case, why });
  }
}
