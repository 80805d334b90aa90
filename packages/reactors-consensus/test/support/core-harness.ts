/**
 * Drives one core by hand: crafted proposals and votes from the other test
 * validators go in; our own signing, block validation and execution are
 * performed at once (as the driver does), and every effect is recorded.
 */
import { Block, PartSet, headerHash, proposalSignBytes, type BlockID, type ConsensusParams, type Proposal } from '@cometts/types';
import { apply, start } from '../../src/core/apply.js';
import { defaultVerifier } from '../../src/core/verifier.js';
import { DEFAULT_TIMEOUTS, type CoreConfig, type Effect, type Input, type RoundState } from '../../src/core/types.js';
import type { State } from '../../src/driver/ports.js';
import { genesisState, makeValidators, msToTimestamp, type TestValidator } from './fixtures.js';
import { MemorySigner } from './memory-signer.js';
import { TestExecutor, buildBlock } from './test-executor.js';
import { emptyExtendedCommit, makeExtendedCommit } from '../../src/core/commit.js';
import { CHAIN_ID, signedVote } from './votes.js';

export class CoreHarness {
  readonly vals: TestValidator[];
  readonly genesis: State;
  state!: RoundState;
  effects: Effect[] = [];
  readonly signer: MemorySigner;
  readonly executor = new TestExecutor();
  /** Own effects answered automatically (sign, validate, propose, finalize). */
  auto = { validate: true, finalize: true };
  private nowMs = 1_704_067_201_000;

  constructor(
    readonly selfIndex: number,
    config: Partial<CoreConfig> = {},
    n = 4,
    params?: ConsensusParams,
  ) {
    this.vals = makeValidators(n);
    this.genesis = genesisState(this.vals, { params });
    this.signer = new MemorySigner(this.vals[selfIndex]!.key);
    const full: CoreConfig = { timeouts: DEFAULT_TIMEOUTS, skipTimeoutCommit: false, createEmptyBlocks: true, createEmptyBlocksIntervalMs: 0, verify: defaultVerifier, ...config };
    const self = { address: this.vals[selfIndex]!.address, pubKey: { case: 'ed25519' as const, value: this.vals[selfIndex]!.key.publicKey } };
    const r = start({ config: full, state: this.genesis, lastCommit: undefined, self, needProofBlock: false });
    this.state = r.state;
    this.perform(r.effects);
  }

  /** Index of test validator `i` in the validator set. */
  index(i: number): number {
    return this.state.validators.getByAddress(this.vals[i]!.address)!.index;
  }

  /** Which test validator proposes `round` of the current height. */
  proposerOf(round: number): number {
    const vs = round === this.state.round ? this.state.validators : this.state.validators.copyIncrementProposerPriority(round - this.state.round);
    const addr = vs.getProposer().address;
    return this.vals.findIndex((v) => Buffer.compare(v.address, addr) === 0);
  }

  input(input: Input): Effect[] {
    const r = apply(this.state, input);
    this.state = r.state;
    this.perform(r.effects);
    return r.effects;
  }

  private perform(effects: Effect[]): void {
    this.effects.push(...effects);
    for (const e of effects) {
      if (e.kind === 'signVote') {
        this.nowMs += 1;
        this.input({ kind: 'vote', vote: this.signer.signVoteSync(CHAIN_ID, { ...e.vote, timestamp: msToTimestamp(this.nowMs) }, e.extend), peerId: '' });
      } else if (e.kind === 'validateBlock' && this.auto.validate) {
        const verdict = this.executor.validateBlockSync(this.state.chain, e.block);
        this.input({ kind: 'blockValidated', height: e.height, hash: e.hash, valid: verdict.valid });
      } else if (e.kind === 'propose') {
        const { proposal, parts } = this.makeProposal(e.round, this.selfIndex, { polRound: e.polRound, block: e.validBlock?.block, lastCommit: e.lastCommit });
        for (const m of [proposal]) this.input({ kind: 'proposal', proposal: m, peerId: '' });
        for (let i = 0; i < parts.total; i++) this.input({ kind: 'blockPart', height: e.height, round: e.round, part: parts.getPart(i)!, peerId: '' });
      } else if (e.kind === 'finalizeBlock' && this.auto.finalize) {
        const next = this.executor.applyBlockSync(this.state.chain, e.blockId, e.block.block);
        this.input({ kind: 'blockApplied', height: e.height, state: next, needProofBlock: false });
      }
    }
  }

  /** A signed proposal of test validator `by` (default: a new block with `txs`). */
  makeProposal(
    round: number,
    by: number,
    o: { txs?: string[]; polRound?: number; block?: Block; lastCommit?: ReturnType<typeof emptyExtendedCommit> } = {},
  ): { proposal: Proposal; parts: PartSet; blockId: BlockID; block: Block } {
    const block =
      o.block ??
      buildBlock(this.state.chain, this.state.height, o.lastCommit ?? this.lastCommit(), this.vals[by]!.address, (o.txs ?? [`tx${round}`]).map((t) => new TextEncoder().encode(t)));
    const parts = PartSet.fromData(Block.encode(block));
    const blockId = { hash: headerHash(block.header)!, partSetHeader: parts.header() };
    const proposal: Proposal = { type: 32, height: this.state.height, round, polRound: o.polRound ?? -1, blockId, timestamp: msToTimestamp(this.nowMs), signature: new Uint8Array(0) };
    proposal.signature = this.vals[by]!.key.sign(proposalSignBytes(CHAIN_ID, proposal));
    return { proposal, parts, blockId, block };
  }

  private lastCommit() {
    return this.state.lastCommit === undefined ? emptyExtendedCommit() : makeExtendedCommit(this.state.lastCommit);
  }

  /** Delivers a proposal and all its parts from a peer. */
  deliverProposal(p: { proposal: Proposal; parts: PartSet }, peerId = 'peer'): void {
    this.input({ kind: 'proposal', proposal: p.proposal, peerId });
    for (let i = 0; i < p.parts.total; i++) this.input({ kind: 'blockPart', height: p.proposal.height, round: p.proposal.round, part: p.parts.getPart(i)!, peerId });
  }

  /** Votes of test validators `who` (not us) for `blockId` (nil when undefined). */
  votes(who: number[], type: number, round: number, blockId?: BlockID, peerId = 'peer'): void {
    for (const i of who) {
      const vote = signedVote(this.vals[i]!, this.index(i), { type, round, height: this.state.height, blockId, timeMs: this.nowMs + i });
      this.input({ kind: 'vote', vote, peerId });
    }
  }

  timeout(step: number, round = this.state.round): Effect[] {
    return this.input({ kind: 'timeout', height: this.state.height, round, step: step as never });
  }

  /** Effects of one kind recorded since the last `clear()`. */
  of<K extends Effect['kind']>(kind: K): Extract<Effect, { kind: K }>[] {
    return this.effects.filter((e): e is Extract<Effect, { kind: K }> => e.kind === kind);
  }

  clear(): void {
    this.effects = [];
  }

  /** Our own votes (from the signer), newest last. */
  ownVotes(): { type: number; round: number; nil: boolean }[] {
    return this.of('broadcastVote').map((e) => ({ type: e.vote.type, round: e.vote.round, nil: e.vote.blockId.hash.length === 0 }));
  }
}
