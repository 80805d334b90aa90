/**
 * A hand-set consensus engine for reactor unit tests: the round state is
 * built from the core's real VoteSets and PartSets; messages the reactor
 * hands over are recorded; events are emitted by the test.
 */
import {
  PartSet,
  SignedMsgType,
  defaultConsensusParams,
  type BlockID,
  type Commit,
  type ConsensusMessage,
  type ExtendedCommit,
  type Part,
  type Proposal,
  type VoteSetMaj23,
} from '@cometts/types';
import { HeightVoteSet } from '../../../src/core/height-vote-set.js';
import { defaultVerifier } from '../../../src/core/verifier.js';
import { VoteSet } from '../../../src/core/vote-set.js';
import type { ConsensusEvent, ConsensusListener } from '../../../src/driver/events.js';
import type { ConsensusEngine, GossipBlockStore, GossipRoundState } from '../../../src/reactor/engine.js';
import { makeValidators, validatorSet, type TestValidator } from '../fixtures.js';
import { CHAIN_ID, signedVote } from '../votes.js';

export interface MutableRoundState {
  height: bigint;
  round: number;
  step: number;
  proposal: Proposal | undefined;
  proposalBlockParts: PartSet | undefined;
  votes: HeightVoteSet;
  lastCommit: VoteSet | undefined;
  validators: ReturnType<typeof validatorSet>;
  chain: { initialHeight: bigint; consensusParams: ReturnType<typeof defaultConsensusParams> };
}

export const VALS: TestValidator[] = makeValidators(4);
export const VALSET = validatorSet(VALS);
/** Test validator at validator-set index i. */
export const valAt = (i: number): TestValidator => VALS.find((v) => Buffer.compare(v.address, VALSET.getByIndex(i)!.address) === 0)!;

export function roundState(height: bigint, round = 0, step = 3): MutableRoundState {
  return {
    height,
    round,
    step,
    proposal: undefined,
    proposalBlockParts: undefined,
    votes: new HeightVoteSet(CHAIN_ID, height, VALSET, false, defaultVerifier),
    lastCommit: height > 1n ? new VoteSet({ chainId: CHAIN_ID, height: height - 1n, round: 0, type: SignedMsgType.Precommit, validators: VALSET, extensionsEnabled: false, verify: defaultVerifier }) : undefined,
    validators: VALSET,
    chain: { initialHeight: 1n, consensusParams: defaultConsensusParams() },
  };
}

/** Adds signed votes of validators `indices` to `set`. */
export function addVotes(set: VoteSet, indices: number[], blockId: BlockID): void {
  for (const i of indices) set.addVote(signedVote(valAt(i), i, { type: set.type, height: set.height, round: set.round, blockId }));
}

export class FakeEngine implements ConsensusEngine {
  rs: MutableRoundState | undefined;
  startTimeMs = Date.now();
  readonly delivered: { msg: ConsensusMessage; peerId: string }[] = [];
  readonly maj23: { peerId: string; m: VoteSetMaj23 }[] = [];
  accept = true;
  private readonly listeners = new Set<ConsensusListener>();

  constructor(rs?: MutableRoundState) {
    this.rs = rs;
  }

  get roundState(): GossipRoundState | undefined {
    return this.rs;
  }

  on(listener: ConsensusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: ConsensusEvent): void {
    for (const l of this.listeners) l(e);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  deliver(msg: ConsensusMessage, peerId: string): boolean {
    if (!this.accept) return false;
    this.delivered.push({ msg, peerId });
    return true;
  }

  async deliverWait(msg: ConsensusMessage, peerId: string): Promise<boolean> {
    return this.deliver(msg, peerId);
  }

  setPeerMaj23(peerId: string, m: VoteSetMaj23): boolean {
    this.maj23.push({ peerId, m });
    return true;
  }
}

/** A block store holding hand-made part sets and commits. */
export class FakeBlockStore implements GossipBlockStore {
  readonly blocks = new Map<bigint, { parts: PartSet; blockId: BlockID }>();
  readonly commits = new Map<bigint, Commit>();
  readonly seen = new Map<bigint, Commit>();
  loads = 0;

  putBlock(height: bigint, data: Uint8Array, commit: Commit): BlockID {
    const parts = PartSet.fromData(data);
    const blockId = { hash: new Uint8Array(32).fill(Number(height)), partSetHeader: parts.header() };
    this.blocks.set(height, { parts, blockId });
    this.commits.set(height, commit);
    return blockId;
  }

  base(): bigint {
    return this.blocks.size === 0 ? 0n : [...this.blocks.keys()].reduce((a, b) => (a < b ? a : b));
  }

  height(): bigint {
    return [...this.blocks.keys()].reduce((a, b) => (a > b ? a : b), 0n);
  }

  async loadBlockMeta(height: bigint): Promise<{ blockId: BlockID } | undefined> {
    this.loads++;
    return this.blocks.get(height);
  }

  async loadBlockPart(height: bigint, index: number): Promise<Part | undefined> {
    return this.blocks.get(height)?.parts.getPart(index);
  }

  async loadBlockCommit(height: bigint): Promise<Commit | undefined> {
    this.loads++;
    return this.commits.get(height);
  }

  async loadSeenCommit(height: bigint): Promise<Commit | undefined> {
    return this.seen.get(height) ?? this.commits.get(height);
  }

  async loadExtendedCommit(): Promise<ExtendedCommit | undefined> {
    return undefined;
  }
}
