/**
 * One simulated validator: a pure core plus a synchronous stand-in for the
 * driver (ticker on simulated time, signing, the test executor). A byzantine
 * node runs the same core but equivocates: each vote and proposal it makes is
 * sent in two conflicting versions to different peers.
 */
import {
  Block,
  PartSet,
  compareTimestamps,
  headerHash,
  proposalSignBytes,
  voteSignBytes,
  type BlockID,
  type Part,
  type Proposal,
  type Vote,
} from '@cometts/types';
import { apply, start } from '../../../src/core/apply.js';
import type { CoreConfig, Effect, Input, RoundState } from '../../../src/core/types.js';
import { TimeoutTicker } from '../../../src/driver/ticker.js';
import type { State } from '../../../src/driver/ports.js';
import { msToTimestamp, type TestValidator } from '../fixtures.js';
import { MemorySigner } from '../memory-signer.js';
import type { TestExecutor } from '../test-executor.js';
import { buildBlock } from '../test-executor.js';
import type { Scheduler } from './scheduler.js';

export type NetMsg =
  | { kind: 'proposal'; proposal: Proposal }
  | { kind: 'blockPart'; height: bigint; round: number; part: Part }
  | { kind: 'vote'; vote: Vote }
  /** A VoteSetMaj23 claim (the reactor's maj23 routine). */
  | { kind: 'maj23'; height: bigint; round: number; type: number; blockId: BlockID }
  /** Messages delivered together, in order. */
  | { kind: 'batch'; height: bigint; msgs: NetMsg[] };

export function msgHeight(m: NetMsg): bigint {
  return m.kind === 'proposal' ? m.proposal.height : m.kind === 'vote' ? m.vote.height : m.height;
}

export interface SimHost {
  clock: Scheduler;
  random: () => number;
  peersOf(index: number): number[];
  send(from: number, to: number, msg: NetMsg): void;
  onNewRound(node: SimNode): void;
  onValidBlock(node: SimNode, psh: { total: number; hash: Uint8Array }): void;
  onDecision(node: SimNode, height: bigint, round: number, blockId: BlockID): void;
  onConflict(node: SimNode): void;
  invalidBlocks: boolean;
}

export class SimNode {
  state!: RoundState;
  readonly signer: MemorySigner;
  private readonly ticker: TimeoutTicker;
  private commitAnchor = 0;
  private readonly future = new Map<bigint, [NetMsg, number][]>();
  private lastRound = { height: -1n, round: -1 };
  dead = false;
  rejected = 0;
  readonly errors: string[] = [];

  constructor(
    readonly index: number,
    readonly val: TestValidator,
    readonly byzantine: boolean,
    private readonly host: SimHost,
    private readonly executor: TestExecutor,
  ) {
    this.signer = new MemorySigner(val.key);
    this.ticker = new TimeoutTicker(host.clock, (t) => this.input({ kind: 'timeout', height: t.height, round: t.round, step: t.step }));
  }

  start(config: CoreConfig, genesis: State): void {
    this.commitAnchor = this.host.clock.now();
    const self = { address: this.val.address, pubKey: { case: 'ed25519' as const, value: this.val.key.publicKey } };
    const { state, effects } = start({ config, state: genesis, lastCommit: undefined, self, needProofBlock: false });
    this.state = state;
    this.run([], effects);
  }

  get height(): bigint {
    return this.state.height;
  }

  receive(msg: NetMsg, from: number): void {
    if (this.dead) return;
    const h = msgHeight(msg);
    if (h > this.state.height) {
      const list = this.future.get(h) ?? [];
      list.push([msg, from]);
      this.future.set(h, list);
      return;
    }
    const peerId = `n${from}`;
    if (msg.kind === 'batch') for (const m of msg.msgs) this.receive(m, from);
    else if (msg.kind === 'proposal') this.input({ kind: 'proposal', proposal: msg.proposal, peerId });
    else if (msg.kind === 'vote') this.input({ kind: 'vote', vote: msg.vote, peerId });
    else if (msg.kind === 'maj23') this.input({ kind: 'peerMaj23', peerId, height: msg.height, round: msg.round, type: msg.type, blockId: msg.blockId });
    else this.input({ kind: 'blockPart', height: msg.height, round: msg.round, part: msg.part, peerId });
  }

  input(first: Input): void {
    if (this.dead) return;
    this.run([first], []);
  }

  /** Processes inputs (and the inputs our own effects produce) to completion, as the driver does. */
  private run(inputs: Input[], effects: Effect[]): void {
    const queue: Effect[] = [...effects];
    for (;;) {
      while (queue.length > 0) this.perform(queue.shift()!, inputs);
      const next = inputs.shift();
      if (next === undefined) return;
      try {
        const r = apply(this.state, next);
        this.state = r.state;
        queue.push(...r.effects);
      } catch (err) {
        if (!this.byzantine) throw err;
        this.dead = true;
        return;
      }
    }
  }

  private now() {
    return msToTimestamp(this.host.clock.now());
  }

  private perform(e: Effect, inputs: Input[]): void {
    switch (e.kind) {
      case 'scheduleTimeout': {
        const base = e.since === 'commit' ? this.commitAnchor : this.host.clock.now();
        this.ticker.schedule(e, base + e.durationMs - this.host.clock.now());
        return;
      }
      case "roundStep":
        if (e.step === 8) this.commitAnchor = this.host.clock.now();
        if (e.height !== this.lastRound.height || e.round !== this.lastRound.round) {
          const newHeight = e.height !== this.lastRound.height;
          this.lastRound = { height: e.height, round: e.round };
          if (newHeight) this.flushFuture(e.height);
          this.host.onNewRound(this);
        }
        return;
      case 'signVote':
        return this.signVote(e, inputs);
      case 'propose':
        return this.propose(e, inputs);
      case 'validateBlock': {
        const verdict = this.executor.validateBlockSync(this.state.chain, e.block);
        inputs.push({ kind: 'blockValidated', height: e.height, hash: e.hash, valid: verdict.valid });
        return;
      }
      case 'finalizeBlock': {
        this.host.onDecision(this, e.height, e.round, e.blockId);
        const next = this.executor.applyBlockSync(this.state.chain, e.blockId, e.block.block);
        inputs.push({ kind: 'blockApplied', height: e.height, state: next, needProofBlock: false });
        return;
      }
      case 'broadcastProposal':
        if (!this.byzantine) this.broadcast({ kind: 'proposal', proposal: e.proposal });
        return;
      case 'broadcastBlockPart':
        if (!this.byzantine) this.broadcast({ kind: 'blockPart', height: e.height, round: e.round, part: e.part });
        return;
      case 'broadcastVote':
        if (!this.byzantine) this.broadcast({ kind: 'vote', vote: e.vote });
        return;
      case 'validBlock':
        this.host.onValidBlock(this, e.partSetHeader);
        return;
      case 'conflictingVotes':
        this.host.onConflict(this);
        return;
      case 'messageRejected':
        this.rejected++;
        if (this.errors.length < 20) this.errors.push(`${e.peerId}: ${e.error.message}`);
        return;
      case 'voteAdded':
      case 'voteSetBits':
        return;
    }
  }

  private broadcast(msg: NetMsg): void {
    for (const to of this.host.peersOf(this.index)) this.host.send(this.index, to, msg);
  }

  /** Sends `a` to a random half of the peers and `b` to the rest. */
  private equivocate(a: NetMsg[], b: NetMsg[]): void {
    for (const to of this.host.peersOf(this.index)) for (const m of this.host.random() < 0.5 ? a : b) this.host.send(this.index, to, m);
  }

  private signVote(e: Extract<Effect, { kind: 'signVote' }>, inputs: Input[]): void {
    const now = this.now();
    const timestamp = e.minTime !== undefined && compareTimestamps(e.minTime, now) > 0 ? e.minTime : now;
    const vote = { ...e.vote, timestamp };
    const chainId = this.state.chain.chainId;
    if (!this.byzantine) {
      try {
        inputs.push({ kind: 'vote', vote: this.signer.signVoteSync(chainId, vote, e.extend), peerId: '' });
      } catch {
        // refused (would double sign): nothing is sent, as upstream logs and moves on
      }
      return;
    }
    const sign = (v: Vote): Vote => ({ ...v, signature: this.val.key.sign(voteSignBytes(chainId, v)) });
    const mine = sign(vote);
    const other = sign({ ...vote, blockId: vote.blockId.hash.length === 0 ? this.fakeBlockId() : { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } } });
    inputs.push({ kind: 'vote', vote: mine, peerId: '' });
    this.equivocate([{ kind: 'vote', vote: mine }], [{ kind: 'vote', vote: other }]);
  }

  private fakeBlockId(): BlockID {
    const hash = new Uint8Array(32).map(() => Math.floor(this.host.random() * 256));
    return { hash, partSetHeader: { total: 1, hash: hash.slice().reverse() } };
  }

  private propose(e: Extract<Effect, { kind: 'propose' }>, inputs: Input[]): void {
    const s = this.state;
    const make = (txs: Uint8Array[] | undefined) => {
      let block: Block;
      let parts: PartSet;
      if (e.validBlock !== undefined && txs === undefined) {
        block = e.validBlock.block;
        parts = e.validBlock.parts;
      } else {
        block =
          txs === undefined
            ? this.executor.createProposalBlockSync(s.chain, e.height, e.lastCommit!, this.val.address)
            : buildBlock(s.chain, e.height, e.lastCommit!, this.val.address, txs);
        parts = PartSet.fromData(Block.encode(block));
      }
      const blockId = { hash: headerHash(block.header)!, partSetHeader: parts.header() };
      const unsigned: Proposal = { type: 32, height: e.height, round: e.round, polRound: e.polRound, blockId, timestamp: this.now(), signature: new Uint8Array(0) };
      return { unsigned, parts };
    };
    const msgs = (p: Proposal, parts: PartSet): NetMsg[] => [
      { kind: 'proposal', proposal: p },
      ...Array.from({ length: parts.total }, (_, i) => ({ kind: 'blockPart' as const, height: e.height, round: e.round, part: parts.getPart(i)! })),
    ];
    const chainId = s.chain.chainId;
    const a = make(undefined);
    if (!this.byzantine) {
      try {
        const signed = this.signer.signProposalSync(chainId, a.unsigned);
        for (const m of msgs(signed, a.parts)) inputs.push(toInput(m));
      } catch {
        // refused: no proposal this round
      }
      return;
    }
    const sign = (p: Proposal): Proposal => ({ ...p, signature: this.val.key.sign(proposalSignBytes(chainId, p)) });
    const enc = new TextEncoder();
    const altTxs = [enc.encode(`${this.host.invalidBlocks && this.host.random() < 0.5 ? 'bad' : 'alt'}-${e.height}-${e.round}`)];
    const pa = sign(a.unsigned);
    for (const m of msgs(pa, a.parts)) inputs.push(toInput(m));
    if (e.lastCommit === undefined) {
      // Re-proposing its valid block: no second block to build, so no equivocation this time.
      this.equivocate(msgs(pa, a.parts), msgs(pa, a.parts));
      return;
    }
    const b = make(altTxs);
    this.equivocate(msgs(pa, a.parts), msgs(sign(b.unsigned), b.parts));
  }

  private flushFuture(height: bigint): void {
    for (const h of [...this.future.keys()]) {
      if (h > height) continue;
      const list = this.future.get(h)!;
      this.future.delete(h);
      if (h === height) for (const [m, from] of list) this.host.clock.at(0, () => this.receive(m, from));
    }
  }
}

function toInput(m: NetMsg): Input {
  if (m.kind === 'proposal') return { kind: 'proposal', proposal: m.proposal, peerId: '' };
  if (m.kind === 'vote') return { kind: 'vote', vote: m.vote, peerId: '' };
  if (m.kind === 'maj23' || m.kind === 'batch') throw new Error(`${m.kind} is never our own input`);
  return { kind: 'blockPart', height: m.height, round: m.round, part: m.part, peerId: '' };
}
