/**
 * Any message that passes the channel codec (the switch decodes and
 * validates before receive) is handled without an exception, in any order,
 * whatever our state: the reactor either applies it, ignores it or stops
 * the peer with a typed reason.
 */
import fc from 'fast-check';
import { BitArray, CometError, ConsensusMessageV1, PartSet } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import { CHANNEL_OF } from '../src/reactor/channels.js';
import { addVotes, roundState, valAt } from './support/reactor/fake-engine.js';
import { setupReactor } from './support/reactor/setup.js';
import { blockIdFor, signedVote } from './support/votes.js';

const part = PartSet.fromData(new Uint8Array(100).fill(1)).getPart(0)!;
const height = fc.bigInt({ min: 0n, max: 8n });
const round = fc.integer({ min: 0, max: 5 });
const voteType = fc.constantFrom(1, 2);
const bits = (max: number) => fc.integer({ min: 0, max }).map((n) => BitArray.fromIndices(n, []).toProto());
const blockId = fc.constantFrom(blockIdFor('a'), blockIdFor('b', 2));

const message: fc.Arbitrary<ConsensusMessageV1> = fc.oneof(
  fc.record({ height, round, step: fc.integer({ min: 1, max: 8 }), secondsSinceStartTime: fc.bigInt({ min: -5n, max: 5n }), lastCommitRound: fc.integer({ min: -1, max: 3 }) }).map((value) => ({ case: 'newRoundStep' as const, value })),
  fc.record({ height, round, type: voteType, index: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }).map((value) => ({ case: 'hasVote' as const, value })),
  fc.record({ height, round, total: fc.integer({ min: 1, max: 1601 }), isCommit: fc.boolean() }).map(({ height, round, total, isCommit }) => ({
    case: 'newValidBlock' as const,
    value: { height, round, blockPartSetHeader: { total, hash: new Uint8Array(32) }, blockParts: new BitArray(total).toProto(), isCommit },
  })),
  fc.record({ height, round, type: voteType, blockId }).map((value) => ({ case: 'voteSetMaj23' as const, value })),
  fc.record({ height, round, type: voteType, blockId, votes: bits(10_000) }).map((value) => ({ case: 'voteSetBits' as const, value })),
  fc.record({ height, proposalPolRound: round, proposalPol: bits(10_000).filter((b) => b.bits > 0n) }).map((value) => ({ case: 'proposalPol' as const, value })),
  fc.record({ height: height.filter((h) => h > 0n), round, index: fc.integer({ min: 0, max: 5000 }) }).map((value) => ({ case: 'hasProposalBlockPart' as const, value })),
  fc.record({ height, round }).map(({ height, round }) => ({ case: 'blockPart' as const, value: { height, round, part } })),
  fc.record({ height: height.filter((h) => h > 0n), round, type: voteType, index: fc.integer({ min: 0, max: 3 }) }).map(({ height, round, type, index }) => ({
    case: 'vote' as const,
    value: { vote: signedVote(valAt(index), index, { height, round, type, blockId: blockIdFor('a') }) },
  })),
  fc.record({ height, round, polRound: fc.integer({ min: -1, max: 4 }), total: fc.integer({ min: 1, max: 2 ** 32 - 1 }) }).map(({ height, round, polRound, total }) => ({
    case: 'proposal' as const,
    value: { proposal: { type: 32, height, round, polRound, blockId: { hash: new Uint8Array(32), partSetHeader: { total, hash: new Uint8Array(32) } }, timestamp: { seconds: 1n, nanos: 0 }, signature: new Uint8Array(64) } },
  })),
);

describe('consensus reactor under arbitrary valid messages', () => {
  it('never throws from receive; stops peers only with typed reasons', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(message, fc.boolean()), { maxLength: 40 }), fc.boolean(), (msgs, started) => {
        const rs = roundState(3n, 1, 4);
        rs.votes.setRound(1);
        addVotes(rs.votes.prevotes(1)!, [0, 1, 2], blockIdFor('a'));
        const { sw, reactor } = setupReactor(started ? rs : undefined);
        const peer = sw.connectPeer();
        try {
          for (const [m, rightChannel] of msgs) {
            if (!sw.peers.has(peer.id)) break;
            // Round-trip through the channel codec, as the switch does.
            const decoded = ConsensusMessageV1.decode(ConsensusMessageV1.encode(m));
            const channel = rightChannel ? CHANNEL_OF[m.case] : 0x20 + ((CHANNEL_OF[m.case] - 0x20 + 1) % 4);
            expect(() => sw.reactorReceive(peer, channel, decoded)).not.toThrow();
          }
          for (const { reason } of sw.stoppedForError) expect(reason).toBeInstanceOf(CometError);
        } finally {
          sw.disconnectPeer(peer, undefined);
          reactor.stop();
        }
      }),
      { numRuns: 150 },
    );
  });
});
