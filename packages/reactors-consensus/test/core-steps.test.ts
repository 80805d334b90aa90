/** Deterministic scenarios of the round state machine, one rule at a time (consensus-algorithm.md §3–8). */
import { RoundStepType as Step, SignedMsgType, blockIDEquals, defaultConsensusParams, type BlockID } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { CoreHarness } from './support/core-harness.js';
import { signedVote } from './support/votes.js';

const PV = SignedMsgType.Prevote;
const PC = SignedMsgType.Precommit;

/** A harness whose own validator proposes none of `rounds` at height 1. */
function follower(config = {}, rounds = [0]): CoreHarness {
  for (let i = 0; i < 4; i++) {
    const h = new CoreHarness(i, config);
    if (rounds.every((r) => h.proposerOf(r) !== i)) return h;
  }
  throw new Error('every validator proposes one of the rounds');
}

function others(h: CoreHarness): number[] {
  return [0, 1, 2, 3].filter((i) => i !== h.selfIndex);
}

describe('core: timeouts and steps', () => {
  it('waits timeout_commit, then proposes or waits timeout_propose(r)', () => {
    const h = follower();
    expect(h.of('scheduleTimeout')).toEqual([{ kind: 'scheduleTimeout', height: 1n, round: 0, step: Step.NewHeight, durationMs: 1000, since: 'commit' }]);
    h.clear();
    h.timeout(Step.NewHeight);
    expect(h.state.step).toBe(Step.Propose);
    expect(h.of('scheduleTimeout')[0]).toMatchObject({ step: Step.Propose, durationMs: 3000 });
    expect(h.of('propose')).toEqual([]);
  });

  it('prevotes nil on the propose timeout, waits for +2/3 any, then precommits nil', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    h.timeout(Step.Propose);
    expect(h.ownVotes()).toEqual([{ type: PV, round: 0, nil: true }]);
    h.clear();
    h.votes(others(h).slice(0, 2), PV, 0, h.makeProposal(0, h.proposerOf(0)).blockId);
    expect(h.state.step).toBe(Step.PrevoteWait);
    expect(h.of('scheduleTimeout')[0]).toMatchObject({ step: Step.PrevoteWait, durationMs: 1000 });
    h.timeout(Step.PrevoteWait);
    expect(h.ownVotes()).toEqual([{ type: PC, round: 0, nil: true }]);
  });

  it('on +2/3 nil precommits waits timeout_precommit, then moves to round 1 with the next proposer', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    h.timeout(Step.Propose);
    h.votes(others(h), PV, 0);
    expect(h.state.step).toBe(Step.Precommit); // +2/3 nil prevotes: precommit nil at once
    h.clear();
    h.votes(others(h), PC, 0);
    expect(h.of('scheduleTimeout')[0]).toMatchObject({ round: 0, step: Step.PrecommitWait, durationMs: 1000 });
    h.timeout(Step.PrecommitWait);
    expect(h.state.round).toBe(1);
    expect(h.of('scheduleTimeout').at(-1)).toMatchObject({ round: 1, step: Step.Propose, durationMs: 3500 });
  });

  it('skips to a higher round on +2/3 prevotes of any kind from it', () => {
    const h = follower({}, [0, 1]);
    h.timeout(Step.NewHeight);
    h.votes(others(h), PV, 1); // round 1 exists already (round + 1)
    expect(h.state.round).toBe(1);
    expect(h.state.step).toBe(Step.Propose);
  });
});

describe('core: proposals, locks and valid blocks', () => {
  it('prevotes a valid proposal, locks on its polka and precommits it', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.deliverProposal(p);
    expect(h.of('validateBlock')).toHaveLength(1);
    expect(h.ownVotes()).toEqual([{ type: PV, round: 0, nil: false }]);
    h.votes(others(h).slice(0, 2), PV, 0, p.blockId);
    expect(h.ownVotes().at(-1)).toEqual({ type: PC, round: 0, nil: false });
    expect(h.state.lockedRound).toBe(0);
    expect(h.state.validRound).toBe(0);
  });

  it('prevotes nil for a block the application rejects', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    h.deliverProposal(h.makeProposal(0, h.proposerOf(0), { txs: ['bad tx'] }));
    expect(h.ownVotes()).toEqual([{ type: PV, round: 0, nil: true }]);
  });

  it('rejects a proposal not signed by the round proposer, or with a bad POL round', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const wrong = h.makeProposal(0, h.selfIndex === 0 ? 1 : 0);
    if (h.proposerOf(0) !== (h.selfIndex === 0 ? 1 : 0)) {
      h.input({ kind: 'proposal', proposal: wrong.proposal, peerId: 'p' });
      expect(h.of('messageRejected')[0]!.error).toMatchObject({ code: 'INVALID_PROPOSAL', reason: 'INVALID_SIGNATURE' });
    }
    const badPol = h.makeProposal(0, h.proposerOf(0), { polRound: 0 });
    h.input({ kind: 'proposal', proposal: badPol.proposal, peerId: 'p' });
    expect(h.of('messageRejected').at(-1)!.error).toMatchObject({ reason: 'INVALID_POL_ROUND' });
    expect(h.state.proposal).toBeUndefined();
  });

  it('stays locked (prevotes its lock) until a later polka for another block unlocks it', () => {
    const h = follower({}, [0, 1]);
    h.timeout(Step.NewHeight);
    const x = h.makeProposal(0, h.proposerOf(0), { txs: ['x'] });
    h.deliverProposal(x);
    h.votes(others(h).slice(0, 2), PV, 0, x.blockId);
    expect(h.state.lockedRound).toBe(0);
    h.votes(others(h), PC, 0); // +2/3 nil precommits (others), we precommitted x
    h.timeout(Step.PrecommitWait);
    expect(h.state.round).toBe(1);
    const y = h.makeProposal(1, h.proposerOf(1), { txs: ['y'] });
    h.clear();
    h.deliverProposal(y);
    // Locked on x: prevote x, not y.
    const pv = h.of('broadcastVote').map((e) => e.vote);
    expect(pv).toHaveLength(1);
    expect(blockIDEquals(pv[0]!.blockId, x.blockId)).toBe(true);
    h.votes(others(h), PV, 1, y.blockId); // polka for y in round 1: unlock, lock y, precommit y
    const pc = h.of('broadcastVote').map((e) => e.vote).filter((v) => v.type === PC);
    expect(blockIDEquals(pc[0]!.blockId, y.blockId)).toBe(true);
    expect(h.state.lockedRound).toBe(1);
    expect(blockIDEquals({ hash: h.state.lockedBlock!.hash, partSetHeader: h.state.lockedBlock!.parts.header() }, y.blockId)).toBe(true);
  });

  it('on a polka for a block it lacks, unlocks, prepares its parts and precommits nil', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.timeout(Step.Propose);
    h.clear();
    h.votes(others(h), PV, 0, p.blockId);
    expect(h.of('validBlock')[0]).toMatchObject({ isCommit: false, partSetHeader: p.blockId.partSetHeader });
    expect(h.state.step).toBe(Step.PrevoteWait); // waits for the block
    h.timeout(Step.PrevoteWait);
    expect(h.ownVotes()).toEqual([{ type: PC, round: 0, nil: true }]);
    expect(h.state.proposalBlockParts!.hasHeader(p.blockId.partSetHeader)).toBe(true);
  });
});

describe('core: commit', () => {
  it('finalizes on +2/3 precommits, then starts the next height with the commit as LastCommit', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.deliverProposal(p);
    h.votes(others(h), PV, 0, p.blockId);
    h.clear();
    h.votes(others(h).slice(0, 2), PC, 0, p.blockId);
    const fin = h.of('finalizeBlock');
    expect(fin).toHaveLength(1);
    expect(blockIDEquals(fin[0]!.blockId, p.blockId)).toBe(true);
    // Ours and two others: +2/3.
    expect(fin[0]!.seenCommit.extendedSignatures.filter((s) => s.blockIdFlag === 2)).toHaveLength(3);
    expect(h.state.height).toBe(2n);
    expect(h.state.step).toBe(Step.NewHeight);
    expect(h.state.lastCommit?.hasTwoThirdsMajority()).toBe(true);
    expect(h.of('scheduleTimeout').at(-1)).toMatchObject({ height: 2n, step: Step.NewHeight, since: 'commit' });
  });

  it('fetches a committed block it lacks, then finalizes when its parts arrive', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.clear();
    h.votes(others(h), PC, 0, p.blockId);
    expect(h.state.step).toBe(Step.Commit);
    expect(h.of('validBlock')[0]).toMatchObject({ isCommit: true });
    expect(h.of('finalizeBlock')).toHaveLength(0);
    for (let i = 0; i < p.parts.total; i++) h.input({ kind: 'blockPart', height: 1n, round: 3, part: p.parts.getPart(i)!, peerId: 'x' });
    expect(h.of('finalizeBlock')).toHaveLength(1);
    expect(h.state.height).toBe(2n);
  });

  it('with skip_timeout_commit starts the next height at once when every precommit is in', () => {
    const h = follower({ skipTimeoutCommit: true });
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.deliverProposal(p);
    const [a, b, c] = others(h);
    h.votes([a!, b!, c!], PV, 0, p.blockId);
    h.votes([a!, b!], PC, 0, p.blockId);
    expect(h.state.height).toBe(2n);
    expect(h.state.step).toBe(Step.NewHeight); // 3 of 4 precommits: wait timeout_commit
    h.input({ kind: 'vote', vote: signedVoteOf(h, c!, 1n, p.blockId), peerId: 'late' });
    expect(h.state.step).toBeGreaterThanOrEqual(Step.Propose);
  });

  it('collects late precommits of the previous height while waiting to start the next', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const p = h.makeProposal(0, h.proposerOf(0));
    h.deliverProposal(p);
    const [a, b, c] = others(h);
    h.votes([a!, b!, c!], PV, 0, p.blockId);
    h.votes([a!, b!], PC, 0, p.blockId);
    expect(h.state.height).toBe(2n);
    expect(h.state.lastCommit!.hasAll()).toBe(false);
    h.clear();
    h.input({ kind: 'vote', vote: { ...signedVoteOf(h, c!, 1n, p.blockId) }, peerId: 'late' });
    expect(h.of('voteAdded')).toHaveLength(1);
    expect(h.state.lastCommit!.hasAll()).toBe(true);
  });
});

describe('core: empty blocks and vote extensions', () => {
  it('with create_empty_blocks=false waits in NewRound for txs, then proposes', () => {
    const h = follower({ createEmptyBlocks: false });
    h.timeout(Step.NewHeight);
    expect(h.state.step).toBe(Step.NewRound);
    expect(h.of('scheduleTimeout').filter((e) => e.step === Step.Propose)).toHaveLength(0);
    h.input({ kind: 'txsAvailable' });
    expect(h.state.step).toBe(Step.Propose);
  });

  it('with an empty-blocks interval schedules a NewRound timeout that starts the round anyway', () => {
    const h = follower({ createEmptyBlocks: false, createEmptyBlocksIntervalMs: 5000 });
    h.timeout(Step.NewHeight);
    expect(h.of('scheduleTimeout').at(-1)).toMatchObject({ step: Step.NewRound, durationMs: 5000 });
    h.timeout(Step.NewRound);
    expect(h.state.step).toBe(Step.Propose);
  });

  it('with vote extensions enabled asks to extend its non-nil precommit and requires peers to sign theirs', () => {
    const params = { ...defaultConsensusParams(), abci: { voteExtensionsEnableHeight: 1n } };
    let h: CoreHarness | undefined;
    for (let i = 0; i < 4 && h === undefined; i++) {
      const c = new CoreHarness(i, {}, 4, params);
      if (c.proposerOf(0) !== i) h = c;
    }
    h!.timeout(Step.NewHeight);
    const p = h!.makeProposal(0, h!.proposerOf(0));
    h!.deliverProposal(p);
    h!.votes(others(h!), PV, 0, p.blockId);
    const sign = h!.of('signVote').filter((e) => e.vote.type === PC);
    expect(sign[0]).toMatchObject({ extend: true });
    expect(sign[0]!.block).toBeDefined();
    h!.votes([others(h!)[0]!], PC, 0, p.blockId); // no extension signature
    expect(h!.of('messageRejected').at(-1)!.error).toMatchObject({ reason: 'INVALID_EXTENSION_SIGNATURE' });
  });
});

describe('core: evidence and peer claims', () => {
  it('reports conflicting votes of another validator, ordered by block key, with powers', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const x = h.makeProposal(0, h.proposerOf(0), { txs: ['x'] });
    const y = h.makeProposal(0, h.proposerOf(0), { txs: ['y'] });
    const i = others(h)[0]!;
    h.votes([i], PV, 0, x.blockId);
    h.votes([i], PV, 0, y.blockId);
    const ev = h.of('conflictingVotes');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ validatorPower: 10n, totalVotingPower: 40n });
    expect(Buffer.compare(ev[0]!.voteA.blockId.hash, ev[0]!.voteB.blockId.hash)).toBeLessThan(0);
  });

  it('answers a +2/3 claim with its votes for that block and refuses a conflicting claim', () => {
    const h = follower();
    h.timeout(Step.NewHeight);
    const x = h.makeProposal(0, h.proposerOf(0), { txs: ['x'] });
    const [a, b] = others(h);
    h.votes([a!, b!], PV, 0, x.blockId);
    h.input({ kind: 'peerMaj23', peerId: 'p', height: 1n, round: 0, type: PV, blockId: x.blockId });
    const bits = h.of('voteSetBits')[0]!;
    expect(bits.votes.trueIndices().sort()).toEqual([h.index(a!), h.index(b!)].sort());
    h.input({ kind: 'peerMaj23', peerId: 'p', height: 1n, round: 0, type: PV, blockId: h.makeProposal(0, 0, { txs: ['z'] }).blockId });
    expect(h.of('messageRejected').at(-1)!.error.code).toBe('CONFLICTING_PEER_MAJ23');
  });
});

function signedVoteOf(h: CoreHarness, i: number, height: bigint, blockId: BlockID) {
  return signedVote(h.vals[i]!, h.index(i), { type: PC, height, round: 0, blockId });
}
