/**
 * Which peer delivered each vote and block part that consensus actually
 * used, so peers that keep contributing are marked good (upstream counts the
 * messages the state machine added). The engine takes peer messages in
 * arrival order, so the first peer that sent an item we lacked is the one
 * whose copy was added; its credit is settled when the engine reports the
 * vote added, or when our proposal part set is seen holding the part.
 */
import { SignedMsgType, type PartSet, type Vote } from '@cometts/types';
import type { GossipRoundState } from './engine.js';

/** Pending items tracked at once; beyond this, new ones are not credited. */
const MAX_PENDING = 20_000;

const voteKey = (height: bigint, round: number, type: number, index: number) => `${height}/${round}/${type}/${index}`;

const partKey = (parts: PartSet, index: number) => `${Buffer.from(parts.header().hash).toString('hex')}/${index}`;

export type Credit = (peerId: string, kind: 'vote' | 'blockPart') => void;

export class ContributionTracker {
  private readonly votes = new Map<string, string>();
  /** "<part set hash>/<index>" → peer. */
  private readonly parts = new Map<string, string>();
  private height = -1n;

  constructor(private readonly credit: Credit) {}

  /** A vote arrived from `peerId`: it can only be useful if our vote sets lack it now. */
  noteVote(vote: Vote, peerId: string, rs: GossipRoundState | undefined): void {
    if (rs === undefined || vote.height !== rs.height) return;
    this.follow(rs.height);
    const set = vote.type === SignedMsgType.Prevote ? rs.votes.prevotes(vote.round) : rs.votes.precommits(vote.round);
    if (set?.getByIndex(vote.validatorIndex) !== undefined) return;
    const key = voteKey(vote.height, vote.round, vote.type, vote.validatorIndex);
    if (!this.votes.has(key) && this.votes.size < MAX_PENDING) this.votes.set(key, peerId);
  }

  /** A block part of our height arrived; only parts our proposal part set lacks can be useful. */
  notePart(height: bigint, index: number, peerId: string, rs: GossipRoundState | undefined): void {
    if (rs === undefined || height !== rs.height) return;
    this.follow(rs.height);
    const parts = rs.proposalBlockParts;
    // Without a part set, or holding the part already, consensus will not use it.
    if (parts === undefined || parts.getPart(index) !== undefined) return;
    const key = partKey(parts, index);
    if (!this.parts.has(key) && this.parts.size < MAX_PENDING) this.parts.set(key, peerId);
  }

  /** The engine added a vote. */
  voteAdded(vote: Vote): void {
    const key = voteKey(vote.height, vote.round, vote.type, vote.validatorIndex);
    const peerId = this.votes.get(key);
    if (peerId === undefined) return;
    this.votes.delete(key);
    this.credit(peerId, 'vote');
  }

  /** Settles part credits against the round state (called on engine events). */
  settle(rs: GossipRoundState | undefined): void {
    if (rs === undefined) return;
    this.follow(rs.height);
    const parts = rs.proposalBlockParts;
    if (parts === undefined || this.parts.size === 0) return;
    const prefix = partKey(parts, 0).slice(0, -1);
    for (const [key, peerId] of this.parts) {
      if (!key.startsWith(prefix) || parts.getPart(Number(key.slice(prefix.length))) === undefined) continue;
      this.parts.delete(key);
      this.credit(peerId, 'blockPart');
    }
  }

  /** Forgets a removed peer's pending credits. */
  forget(peerId: string): void {
    for (const [k, p] of this.votes) if (p === peerId) this.votes.delete(k);
    for (const [k, p] of this.parts) if (p === peerId) this.parts.delete(k);
  }

  get pending(): number {
    return this.votes.size + this.parts.size;
  }

  private follow(height: bigint): void {
    if (height === this.height) return;
    this.height = height;
    this.votes.clear();
    this.parts.clear();
  }
}
