import { BitArray, PartSet, SignedMsgType, type Commit, type ConsensusMessage, type Proposal } from '@cometts/types';
import { PeerRoundStateKey } from '@cometts/switch';
import { afterEach, describe, expect, test } from 'vitest';
import { DATA_CHANNEL, STATE_CHANNEL, VOTE_CHANNEL } from '../src/reactor/channels.js';
import { ConsensusPeerStateKey } from '../src/reactor/peer-handle.js';
import { addVotes, roundState, valAt } from './support/reactor/fake-engine.js';
import { eventually, received, setupReactor, sleep, type ReactorSetup } from './support/reactor/setup.js';
import { blockIdFor, signedVote } from './support/votes.js';

const setups: ReactorSetup[] = [];
function setup(...args: Parameters<typeof setupReactor>): ReactorSetup {
  const s = setupReactor(...args);
  setups.push(s);
  return s;
}
afterEach(() => {
  for (const { sw, reactor } of setups.splice(0)) {
    for (const p of [...sw.peers.values()]) sw.disconnectPeer(p, undefined);
    reactor.stop();
  }
});

const nrs = (height: bigint, round: number, step: number, lastCommitRound = height > 1n ? 0 : -1): ConsensusMessage => ({
  case: 'newRoundStep',
  value: { height, round, step, secondsSinceStartTime: 0n, lastCommitRound },
});

function blockData(bytes = 150_000): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 7) & 0xff);
}

function proposalFor(height: bigint, round: number, parts: PartSet): Proposal {
  return {
    type: 32,
    height,
    round,
    polRound: -1,
    blockId: { hash: new Uint8Array(32).fill(9), partSetHeader: parts.header() },
    timestamp: { seconds: 1_704_067_201n, nanos: 0 },
    signature: new Uint8Array(64).fill(1),
  };
}

describe('ConsensusReactor gossip', () => {
  test('a new peer gets our NewRoundStep, and its PeerState is published for other reactors', async () => {
    const { sw, engine } = setup(roundState(3n, 1, 4));
    engine.startTimeMs = Date.now() - 2500;
    const peer = sw.connectPeer();
    const [step] = received(peer, 'newRoundStep');
    expect(step).toMatchObject({ height: 3n, round: 1, step: 4, secondsSinceStartTime: 2n, lastCommitRound: 0 });
    const view = peer.get(PeerRoundStateKey)!;
    expect(view.height).toBe(0n);
    sw.deliver(peer, STATE_CHANNEL, nrs(3n, 0, 2));
    expect([view.height, view.round, view.step]).toEqual([3n, 0, 2]);
    expect(peer.get(ConsensusPeerStateKey)?.height).toBe(3n);
  });

  test('an invalid NewRoundStep for the initial height stops the peer', () => {
    const { sw } = setup(roundState(1n));
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(1n, 0, 1, 0));
    expect(sw.stoppedForError.map((s) => s.peer)).toEqual([peer]);
    const other = sw.connectPeer();
    sw.deliver(other, STATE_CHANNEL, nrs(2n, 0, 1, -1));
    expect(sw.stoppedForError).toHaveLength(2);
  });

  test('votes, proposals and parts are queued to the engine and marked as held by the peer', () => {
    const { sw, engine } = setup(roundState(2n));
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 4));
    const vote = signedVote(valAt(1), 1, { height: 2n });
    sw.deliver(peer, VOTE_CHANNEL, { case: 'vote', value: { vote } });
    expect(engine.delivered.map((d) => [d.msg.case, d.peerId])).toEqual([['vote', peer.id]]);
    expect(peer.get(ConsensusPeerStateKey)!.prevotes?.get(1)).toBe(true);
    // The engine's queue full: messages wait in order and are delivered once it takes them.
    engine.accept = false;
    sw.deliver(peer, VOTE_CHANNEL, { case: 'vote', value: { vote: signedVote(valAt(2), 2, { height: 2n }) } });
    expect(engine.delivered).toHaveLength(1);
  });

  test('a message on the wrong channel is ignored', () => {
    const { sw, engine } = setup(roundState(2n));
    const peer = sw.connectPeer();
    sw.deliver(peer, DATA_CHANNEL, { case: 'vote', value: { vote: signedVote(valAt(1), 1, { height: 2n }) } });
    sw.deliver(peer, VOTE_CHANNEL, nrs(2n, 0, 4));
    expect(engine.delivered).toHaveLength(0);
    expect(peer.get(PeerRoundStateKey)!.height).toBe(0n);
    expect(sw.stoppedForError).toHaveLength(0);
  });

  test('HasProposalBlockPart stops a p2p 8 peer and is applied for a p2p 9 peer', () => {
    const { sw, engine } = setup(roundState(2n));
    const old = sw.connectPeer();
    sw.deliver(old, STATE_CHANNEL, { case: 'hasProposalBlockPart', value: { height: 2n, round: 0, index: 0 } });
    expect(sw.stoppedForError[0]?.reason).toMatchObject({ code: 'UNSUPPORTED_CONSENSUS_MESSAGE' });

    const v1 = sw.connectPeer({}, (p) => {
      Object.defineProperty(p, 'nodeInfo', { value: { ...p.nodeInfo, protocolVersion: { ...p.nodeInfo.protocolVersion, p2p: 9n } } });
    });
    const parts = PartSet.fromData(blockData());
    sw.deliver(v1, STATE_CHANNEL, nrs(2n, 0, 3));
    engine.rs!.proposal = proposalFor(2n, 0, parts);
    sw.deliver(v1, DATA_CHANNEL, { case: 'proposal', value: { proposal: engine.rs!.proposal } });
    sw.deliver(v1, STATE_CHANNEL, { case: 'hasProposalBlockPart', value: { height: 2n, round: 0, index: 1 } });
    expect(v1.get(ConsensusPeerStateKey)!.proposalBlockParts?.toBitString()).toBe('_x_');
    expect(sw.stoppedForError).toHaveLength(1);
  });

  test('a proposal with more parts than block.max_bytes allows stops the peer', () => {
    const rs = roundState(2n);
    rs.chain.consensusParams = { ...rs.chain.consensusParams, block: { maxBytes: 65536n * 2n, maxGas: -1n } };
    const { sw, engine } = setup(rs);
    const peer = sw.connectPeer();
    const p = proposalFor(2n, 0, PartSet.fromData(blockData(200_000)));
    sw.deliver(peer, DATA_CHANNEL, { case: 'proposal', value: { proposal: p } });
    expect(sw.stoppedForError[0]?.reason).toMatchObject({ code: 'PROPOSAL_TOO_MANY_PARTS' });
    expect(engine.delivered).toHaveLength(0);
  });

  test('before the engine runs, a proposal is bounded by the largest block there can be', () => {
    const { sw, engine } = setup(undefined);
    const peer = sw.connectPeer();
    const p = proposalFor(2n, 0, PartSet.fromData(blockData(10)));
    p.blockId.partSetHeader.total = 4_000_000_000;
    expect(() => sw.deliver(peer, DATA_CHANNEL, { case: 'proposal', value: { proposal: p } })).not.toThrow();
    expect(sw.stoppedForError[0]?.reason).toMatchObject({ code: 'PROPOSAL_TOO_MANY_PARTS' });
    expect(engine.delivered).toHaveLength(0);
  });

  test('vote gossip sends each vote the peer lacks once, skipping those it announced', async () => {
    const rs = roundState(2n);
    const id = blockIdFor('b');
    addVotes(rs.votes.prevotes(0)!, [0, 1, 2, 3], id);
    const { sw } = setup(rs);
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 4));
    sw.deliver(peer, STATE_CHANNEL, { case: 'hasVote', value: { height: 2n, round: 0, type: SignedMsgType.Prevote, index: 2 } });
    await eventually(() => expect(received(peer, 'vote')).toHaveLength(3));
    await sleep(60);
    const indices = received(peer, 'vote').map((m) => m.vote!.validatorIndex);
    expect(indices.sort()).toEqual([0, 1, 3]);
  });

  test('a peer one height behind gets our last commit; a peer further behind gets the stored commit', async () => {
    const rs = roundState(5n);
    const id = blockIdFor('h4');
    addVotes(rs.lastCommit!, [0, 1, 2], id);
    const { sw, store } = setup(rs);
    const behind = sw.connectPeer();
    sw.deliver(behind, STATE_CHANNEL, nrs(4n, 0, 6));
    await eventually(() => expect(received(behind, 'vote')).toHaveLength(3));
    expect(received(behind, 'vote').every((m) => m.vote!.height === 4n && m.vote!.type === SignedMsgType.Precommit)).toBe(true);

    const h2 = roundState(2n).votes.precommits(0)!;
    const id2 = blockIdFor('h2');
    addVotes(h2, [1, 3], id2);
    const commit: Commit = {
      height: 2n,
      round: 0,
      blockId: id2,
      signatures: [0, 1, 2, 3].map((i) => {
        const v = h2.getByIndex(i);
        return v === undefined
          ? { blockIdFlag: 1, validatorAddress: new Uint8Array(0), timestamp: { seconds: -62135596800n, nanos: 0 }, signature: new Uint8Array(0) }
          : { blockIdFlag: 2, validatorAddress: v.validatorAddress, timestamp: v.timestamp, signature: v.signature };
      }),
    };
    store.putBlock(2n, blockData(), commit);
    store.putBlock(3n, blockData(10), commit);
    const far = sw.connectPeer();
    sw.deliver(far, STATE_CHANNEL, nrs(2n, 0, 3));
    await eventually(() => expect(received(far, 'vote')).toHaveLength(2));
    expect(received(far, 'vote').map((m) => m.vote).sort((a, b) => a!.validatorIndex - b!.validatorIndex)).toEqual([h2.getByIndex(1), h2.getByIndex(3)]);
    expect(far.get(ConsensusPeerStateKey)!.catchupCommitRound).toBe(0);
  });

  test('data gossip sends the proposal, then every block part the peer lacks', async () => {
    const rs = roundState(2n);
    const parts = PartSet.fromData(blockData());
    rs.proposal = proposalFor(2n, 0, parts);
    rs.proposalBlockParts = parts;
    const { sw } = setup(rs);
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 3));
    await eventually(() => expect(received(peer, 'blockPart')).toHaveLength(3));
    const data = peer.messagesOn<ConsensusMessage>(DATA_CHANNEL).map((m) => m.case);
    expect(data[0]).toBe('proposal');
    expect(received(peer, 'blockPart').map((b) => b.part.index).sort()).toEqual([0, 1, 2]);
    await sleep(60);
    expect(received(peer, 'blockPart')).toHaveLength(3);
  });

  test('a lagging peer gets the stored block parts of its height', async () => {
    const { sw, store } = setup(roundState(4n));
    const commit = { height: 2n, round: 0, blockId: blockIdFor('x'), signatures: [] } as Commit;
    store.putBlock(2n, blockData(), commit);
    store.putBlock(3n, blockData(100), commit);
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 1, 3));
    await eventually(() => expect(received(peer, 'blockPart')).toHaveLength(3));
    const stored = store.blocks.get(2n)!.parts;
    for (const m of received(peer, 'blockPart')) {
      expect(m.height).toBe(2n);
      expect(m.round).toBe(1);
      expect(m.part).toEqual(stored.getPart(m.part.index));
    }
  });

  test('engine events are broadcast once-encoded; VoteSetBits answers go to the asking peer', async () => {
    const { sw, engine } = setup(roundState(2n));
    const a = sw.connectPeer();
    const b = sw.connectPeer();
    const before = sw.broadcastEncodings;
    engine.emit({ type: 'newRoundStep', height: 2n, round: 0, step: 4, secondsSinceStartTime: 1n, lastCommitRound: 0 });
    const vote = signedVote(valAt(0), 0, { height: 2n });
    engine.emit({ type: 'vote', vote });
    engine.emit({ type: 'validBlock', height: 2n, round: 0, partSetHeader: { total: 2, hash: new Uint8Array(32) }, parts: new BitArray(2), isCommit: true });
    await sleep(0);
    expect(sw.broadcastEncodings - before).toBe(3);
    for (const p of [a, b]) {
      expect(received(p, 'hasVote')).toEqual([{ height: 2n, round: 0, type: 1, index: 0 }]);
      expect(received(p, 'newValidBlock')[0]).toMatchObject({ height: 2n, isCommit: true });
      expect(received(p, 'newRoundStep').at(-1)).toMatchObject({ step: 4, secondsSinceStartTime: 1n });
    }
    engine.emit({ type: 'voteSetBits', peerId: b.id, height: 2n, round: 0, voteType: 1, blockId: blockIdFor('b'), votes: BitArray.fromBitString('x_x_') });
    expect(received(b, 'voteSetBits')).toHaveLength(1);
    expect(received(a, 'voteSetBits')).toHaveLength(0);
  });

  test('VoteSetMaj23 at our height goes to the engine; a conflicting claim stops the peer', async () => {
    const { sw, engine } = setup(roundState(2n));
    const peer = sw.connectPeer();
    const m = (height: bigint): ConsensusMessage => ({ case: 'voteSetMaj23', value: { height, round: 0, type: 1, blockId: blockIdFor('b') } });
    sw.deliver(peer, STATE_CHANNEL, m(3n));
    sw.deliver(peer, STATE_CHANNEL, m(2n));
    expect(engine.maj23.map((x) => x.m.height)).toEqual([2n]);
    const { ConflictingPeerMaj23Error, InvalidVoteError } = await import('../src/core/errors.js');
    engine.emit({ type: 'peerError', peerId: peer.id, error: new InvalidVoteError('INVALID_SIGNATURE', 'x') });
    expect(sw.stoppedForError).toHaveLength(0);
    engine.emit({ type: 'peerError', peerId: peer.id, error: new ConflictingPeerMaj23Error(peer.id, 0) });
    expect(sw.stoppedForError[0]?.peer).toBe(peer);
  });

  test('VoteSetBits updates the peer view; maj23 queries name our +2/3 block', async () => {
    const rs = roundState(2n);
    const id = blockIdFor('b');
    addVotes(rs.votes.prevotes(0)!, [0, 1, 2], id);
    const { sw } = setup(rs);
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 6));
    await eventually(() => expect(received(peer, 'voteSetMaj23')[0]).toMatchObject({ height: 2n, round: 0, type: 1, blockId: id }));
    const ps = peer.get(ConsensusPeerStateKey)!;
    ps.ensureVoteBitArrays(2n, 4);
    sw.deliver(peer, 0x23, { case: 'voteSetBits', value: { height: 2n, round: 0, type: 1, blockId: id, votes: BitArray.fromBitString('x__x').toProto() } });
    expect(ps.prevotes?.get(0)).toBe(true);
    expect(ps.prevotes?.get(3)).toBe(true);
  });

  test('a peer is marked good after enough useful votes', () => {
    const { sw, engine } = setup(roundState(2n), { votesToBecomeGoodPeer: 2 });
    const peer = sw.connectPeer();
    for (const i of [0, 1, 2]) {
      const vote = signedVote(valAt(i), i, { height: 2n });
      sw.deliver(peer, VOTE_CHANNEL, { case: 'vote', value: { vote } });
      engine.emit({ type: 'vote', vote });
    }
    // A vote the engine never added earns nothing.
    sw.deliver(peer, VOTE_CHANNEL, { case: 'vote', value: { vote: signedVote(valAt(3), 3, { height: 2n }) } });
    expect(sw.markedGood).toEqual([peer]);
  });

  test('never sends a v1-only message, and nothing after removal', async () => {
    const rs = roundState(2n);
    addVotes(rs.votes.prevotes(0)!, [0, 1], blockIdFor('b'));
    const { sw, engine } = setup(rs);
    const peer = sw.connectPeer();
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 4));
    engine.emit({ type: 'vote', vote: rs.votes.prevotes(0)!.getByIndex(0)! });
    await sleep(50);
    expect(peer.sent.some((s) => (s.message as ConsensusMessage).case === ('hasProposalBlockPart' as string))).toBe(false);
    sw.disconnectPeer(peer, undefined);
    const count = peer.sent.length;
    engine.emit({ type: 'vote', vote: rs.votes.prevotes(0)!.getByIndex(1)! });
    await sleep(60);
    expect(peer.sent.length).toBe(count);
    expect(peer.sendsAfterRemoval).toBe(0);
  });

  test('while syncing, Data and Vote messages are ignored and nothing is announced', async () => {
    const { sw, engine, reactor } = setup(roundState(2n), { waitSync: true });
    const peer = sw.connectPeer();
    expect(received(peer, 'newRoundStep')).toHaveLength(0);
    sw.deliver(peer, VOTE_CHANNEL, { case: 'vote', value: { vote: signedVote(valAt(1), 1, { height: 2n }) } });
    sw.deliver(peer, STATE_CHANNEL, nrs(2n, 0, 4));
    expect(engine.delivered).toHaveLength(0);
    expect(peer.get(PeerRoundStateKey)!.height).toBe(2n);
    reactor.switchToConsensus();
    await sleep(0);
    expect(received(peer, 'newRoundStep')).toHaveLength(1);
  });
});
