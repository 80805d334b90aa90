import { describeReactorCompliance } from '@cometts/switch/compliance';
import { BitArray, PartSet, SignedMsgType, type ConsensusMessage } from '@cometts/types';
import { ConsensusReactor } from '../src/reactor/reactor.js';
import { FakeBlockStore, FakeEngine, roundState, valAt } from './support/reactor/fake-engine.js';
import { FAST_CONFIG } from './support/reactor/setup.js';
import { blockIdFor, signedVote } from './support/votes.js';

const parts = PartSet.fromData(new Uint8Array(70_000).fill(3));
const blockId = { hash: new Uint8Array(32).fill(5), partSetHeader: parts.header() };

const state: ConsensusMessage[] = [
  { case: 'newRoundStep', value: { height: 2n, round: 0, step: 3, secondsSinceStartTime: 0n, lastCommitRound: 0 } },
  { case: 'hasVote', value: { height: 2n, round: 0, type: SignedMsgType.Prevote, index: 1 } },
  { case: 'newValidBlock', value: { height: 2n, round: 0, blockPartSetHeader: parts.header(), blockParts: new BitArray(2).toProto(), isCommit: false } },
  { case: 'voteSetMaj23', value: { height: 2n, round: 0, type: SignedMsgType.Prevote, blockId: blockIdFor('b') } },
];
const data: ConsensusMessage[] = [
  {
    case: 'proposal',
    value: { proposal: { type: 32, height: 2n, round: 0, polRound: -1, blockId, timestamp: { seconds: 1n, nanos: 0 }, signature: new Uint8Array(64).fill(7) } },
  },
  { case: 'proposalPol', value: { height: 2n, proposalPolRound: 0, proposalPol: BitArray.fromBitString('x_x_').toProto() } },
  { case: 'blockPart', value: { height: 2n, round: 0, part: parts.getPart(0)! } },
];
const votes: ConsensusMessage[] = [{ case: 'vote', value: { vote: signedVote(valAt(1), 1, { height: 2n, blockId: blockIdFor('b') }) } }];
const voteSetBits: ConsensusMessage[] = [
  { case: 'voteSetBits', value: { height: 2n, round: 0, type: SignedMsgType.Precommit, blockId: blockIdFor('b'), votes: BitArray.fromBitString('xx__').toProto() } },
];

describeReactorCompliance(
  'consensus',
  (env) => new ConsensusReactor({ switch: env.switch, engine: new FakeEngine(roundState(2n)), blockStore: new FakeBlockStore(), config: FAST_CONFIG }),
  { samples: { 0x20: state, 0x21: data, 0x22: votes, 0x23: voteSetBits } },
);
