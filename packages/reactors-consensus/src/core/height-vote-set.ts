/**
 * HeightVoteSet: the prevote and precommit sets of every round of one height
 * (consensus-algorithm.md §8). Sets exist for rounds 0..round (SetRound);
 * a vote for another round opens a "catch-up" round, at most 2 per peer.
 */
import { SignedMsgType, type BlockID, type ValidatorSet, type Vote } from '@cometts/types';
import { InvalidVoteError, UnwantedRoundVoteError } from './errors.js';
import type { SignatureVerifier } from './verifier.js';
import { VoteSet, type AddVoteResult } from './vote-set.js';

/** Catch-up rounds a peer may open at one height. */
export const MAX_PEER_CATCHUP_ROUNDS = 2;

interface RoundVoteSets {
  prevotes: VoteSet;
  precommits: VoteSet;
}

export class HeightVoteSet {
  private current = 0;
  private readonly rounds = new Map<number, RoundVoteSets>();
  private readonly peerCatchupRounds = new Map<string, number[]>();

  constructor(
    readonly chainId: string,
    readonly height: bigint,
    readonly validators: ValidatorSet,
    readonly extensionsEnabled: boolean,
    private readonly verify: SignatureVerifier,
  ) {
    this.addRound(0);
  }

  /** The highest round vote sets were opened for. */
  get round(): number {
    return this.current;
  }

  /** Opens vote sets for every round up to `round`. */
  setRound(round: number): void {
    for (let r = Math.max(0, this.current - 1); r <= round; r++) if (!this.rounds.has(r)) this.addRound(r);
    this.current = Math.max(this.current, round);
  }

  private addRound(round: number): void {
    const make = (type: number) =>
      new VoteSet({
        chainId: this.chainId,
        height: this.height,
        round,
        type,
        validators: this.validators,
        extensionsEnabled: this.extensionsEnabled,
        verify: this.verify,
      });
    this.rounds.set(round, { prevotes: make(SignedMsgType.Prevote), precommits: make(SignedMsgType.Precommit) });
  }

  /** Adds a vote of this height; `peerId` is "" for our own votes. */
  addVote(vote: Vote, peerId: string): AddVoteResult {
    if (vote.type !== SignedMsgType.Prevote && vote.type !== SignedMsgType.Precommit) {
      throw new InvalidVoteError('INVALID_VOTE_TYPE', `vote type ${vote.type}`);
    }
    let set = this.voteSet(vote.round, vote.type);
    if (set === undefined) {
      const opened = this.peerCatchupRounds.get(peerId) ?? [];
      if (opened.length >= MAX_PEER_CATCHUP_ROUNDS) throw new UnwantedRoundVoteError(peerId, vote.round);
      this.addRound(vote.round);
      this.peerCatchupRounds.set(peerId, [...opened, vote.round]);
      set = this.voteSet(vote.round, vote.type)!;
    }
    return set.addVote(vote);
  }

  prevotes(round: number): VoteSet | undefined {
    return this.rounds.get(round)?.prevotes;
  }

  precommits(round: number): VoteSet | undefined {
    return this.rounds.get(round)?.precommits;
  }

  voteSet(round: number, type: number): VoteSet | undefined {
    const sets = this.rounds.get(round);
    if (sets === undefined) return undefined;
    return type === SignedMsgType.Prevote ? sets.prevotes : type === SignedMsgType.Precommit ? sets.precommits : undefined;
  }

  /** The highest round with +2/3 prevotes, and for what (POLInfo). */
  polInfo(): { round: number; blockId: BlockID } | undefined {
    for (let r = this.current; r >= 0; r--) {
      const maj = this.prevotes(r)?.twoThirdsMajority();
      if (maj !== undefined) return { round: r, blockId: maj };
    }
    return undefined;
  }

  /** A peer claims +2/3 for `blockId`; a round without vote sets ignores the claim. */
  setPeerMaj23(round: number, type: number, peerId: string, blockId: BlockID): void {
    this.voteSet(round, type)?.setPeerMaj23(peerId, blockId);
  }
}
