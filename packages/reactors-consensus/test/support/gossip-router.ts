/**
 * Message routing between in-memory drivers: own messages are broadcast as
 * the drivers publish them (after a small random delay), and a gossip
 * stand-in re-offers logged messages of a height when a node enters a new
 * round or learns which block to fetch — which is also how a node that was
 * down catches up. It records every committed block per height.
 */
import { SignedMsgType, type ConsensusMessage } from '@cometts/types';
import type { ConsensusEvent } from '../../src/driver/events.js';

interface Logged {
  from: number;
  msg: ConsensusMessage;
}

export interface RoutedNode {
  readonly index: number;
  /** Bumped on every (re)start, so gossip is offered again to a restarted node. */
  readonly restarts: number;
  deliver(msg: ConsensusMessage, from: number): void;
}

function msgHeight(m: ConsensusMessage): bigint {
  if (m.case === 'proposal') return m.value.proposal.height;
  if (m.case === 'blockPart') return m.value.height;
  if (m.case === 'vote') return m.value.vote!.height;
  return -1n;
}

export class GossipRouter {
  private readonly nodes: RoutedNode[] = [];
  private readonly log = new Map<bigint, Logged[]>();
  private readonly offered = new Set<string>();
  private readonly links = new Map<string, ConsensusMessage[]>();
  /** Block hashes committed at each height, by any node. */
  readonly decided = new Map<bigint, Set<string>>();
  /** Per node: committed block hashes and app hashes, in height order. */
  readonly chains = new Map<number, { blocks: string[]; appHashes: string[] }>();

  constructor(private readonly maxDelayMs = 3) {}

  add(node: RoutedNode): void {
    this.nodes.push(node);
    this.chains.set(node.index, { blocks: [], appHashes: [] });
  }

  onEvent(node: RoutedNode, e: ConsensusEvent): void {
    if (e.type === 'broadcast') {
      this.record(node.index, e.message);
      for (const other of this.nodes) if (other !== node) this.send(node.index, other, e.message);
    } else if (e.type === 'newBlock') {
      const key = Buffer.from(e.blockId.hash).toString('hex');
      const set = this.decided.get(e.height) ?? new Set<string>();
      set.add(key);
      this.decided.set(e.height, set);
      const chain = this.chains.get(node.index)!;
      chain.blocks.push(key);
      chain.appHashes.push(Buffer.from(e.state.appHash).toString('hex'));
    } else if (e.type === 'newRoundStep') {
      this.gossip(node, e.height, e.round);
    } else if (e.type === 'validBlock') {
      this.gossip(node, e.height, -1 - e.round);
    }
  }

  private record(from: number, msg: ConsensusMessage): void {
    const h = msgHeight(msg);
    const list = this.log.get(h) ?? [];
    list.push({ from, msg });
    this.log.set(h, list);
  }

  /** Random delays, but in order on each link (a proposal and its parts share one channel). */
  private send(from: number, to: RoutedNode, msg: ConsensusMessage): void {
    const link = `${from}>${to.index}`;
    let queue = this.links.get(link);
    if (queue === undefined) {
      queue = [];
      this.links.set(link, queue);
    }
    queue.push(msg);
    if (queue.length === 1) this.drain(from, to, queue);
  }

  private drain(from: number, to: RoutedNode, queue: ConsensusMessage[]): void {
    setTimeout(() => {
      to.deliver(queue.shift()!, from);
      if (queue.length > 0) this.drain(from, to, queue);
    }, Math.random() * this.maxDelayMs);
  }

  /**
   * Re-offers, once per (node incarnation, height, round), what peers would
   * send: the height's precommits (catch-up), votes of this round on, the
   * round's proposal and the block parts.
   */
  private gossip(node: RoutedNode, height: bigint, round: number): void {
    const key = `${node.index}/${node.restarts}/${height}/${round}`;
    if (this.offered.has(key)) return;
    this.offered.add(key);
    const r = round < 0 ? -1 - round : round;
    const logged = (this.log.get(height) ?? []).filter((l) => l.from !== node.index);
    const votes = logged.filter(({ msg }) => msg.case === 'vote' && (msg.value.vote!.type === SignedMsgType.Precommit || msg.value.vote!.round >= r));
    const proposals = logged.filter(({ msg }) => msg.case === 'proposal' && msg.value.proposal.round === r);
    const parts = logged.filter(({ msg }) => msg.case === 'blockPart');
    for (const { from, msg } of [...votes, ...proposals, ...parts]) this.send(from, node, msg);
  }
}
