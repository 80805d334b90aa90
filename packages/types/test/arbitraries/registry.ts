/** Every wire message type with an arbitrary of valid values, for the property tests. */
import fc from 'fast-check';
import * as T from '../../src/index.js';
import type { MessageType } from '../../src/index.js';
import * as chain from './chain.js';
import * as core from './core.js';
import * as r from './reactors.js';

export type Entry = [name: string, type: MessageType<unknown>, arbitrary: fc.Arbitrary<unknown>];

const e = <V>(name: string, type: MessageType<V>, arbitrary: fc.Arbitrary<V>): Entry => [
  name,
  type as MessageType<unknown>,
  arbitrary as fc.Arbitrary<unknown>,
];
const empty = fc.constant({});

export const registry: Entry[] = [
  // core types (src/messages written before the reactor messages)
  e('Timestamp', T.Timestamp, core.timestamp()),
  e('PublicKey', T.PublicKey, core.publicKey()),
  e('Proof', T.Proof, core.proof()),
  e('BitArrayProto', T.BitArrayProto, core.bitArray()),
  e('PartSetHeader', T.PartSetHeader, core.partSetHeader()),
  e('BlockID', T.BlockID, core.blockID()),
  e('Vote', T.Vote, core.vote()),
  e('Proposal', T.Proposal, core.proposal()),
  e('ConsensusVersion', T.ConsensusVersion, core.consensusVersion()),
  e('Header', T.Header, core.header()),
  e('Data', T.Data, fc.record({ txs: fc.array(core.bytes(), { maxLength: 4 }) })),
  e('CommitSig', T.CommitSig, core.commitSig()),
  e('Commit', T.Commit, core.commit()),
  e('ExtendedCommitSig', T.ExtendedCommitSig, core.extendedCommitSig()),
  e('ExtendedCommit', T.ExtendedCommit, core.extendedCommit()),
  e('Part', T.Part, core.part()),
  e('ValidatorProto', T.ValidatorProto, core.validator()),
  e('ValidatorSetProto', T.ValidatorSetProto, core.validatorSet()),
  e('SimpleValidator', T.SimpleValidator, core.simpleValidator()),
  e('PacketPing', T.PacketPing, empty),
  e('PacketPong', T.PacketPong, empty),
  e('PacketMsg', T.PacketMsg, core.packet().filter((p) => p.case === 'msg').map((p) => p.value as T.PacketMsg)),
  e('Packet', T.Packet, core.packet()),
  e('AuthSigMessage', T.AuthSigMessage, core.authSig()),
  e('ProtocolVersion', T.ProtocolVersion, fc.record({ p2p: core.uint64(), block: core.uint64(), app: core.uint64() })),
  e('DefaultNodeInfoOther', T.DefaultNodeInfoOther, fc.record({ txIndex: core.text(), rpcAddress: core.text() })),
  e('DefaultNodeInfo', T.DefaultNodeInfo, chain.defaultNodeInfo()),
  // chain-level
  e('SignedHeader', T.SignedHeader, chain.signedHeader()),
  e('LightBlock', T.LightBlock, chain.lightBlock()),
  e('DuplicateVoteEvidence', T.DuplicateVoteEvidence, chain.duplicateVoteEvidence()),
  e('LightClientAttackEvidence', T.LightClientAttackEvidence, chain.lightClientAttackEvidence()),
  e('Evidence', T.Evidence, chain.evidence()),
  e('EvidenceList', T.EvidenceList, chain.evidenceList()),
  e('Block', T.Block, chain.block()),
  e('BlockParams', T.BlockParams, chain.blockParams()),
  e('EvidenceParams', T.EvidenceParams, chain.evidenceParams()),
  e('ValidatorParams', T.ValidatorParams, chain.validatorParams()),
  e('VersionParams', T.VersionParams, chain.versionParams()),
  e('ABCIParams', T.ABCIParams, chain.abciParams()),
  e('ConsensusParams', T.ConsensusParams, chain.consensusParams()),
  e('ConsensusParamsUpdate', T.ConsensusParamsUpdate, chain.consensusParamsUpdate()),
  e('HashedParams', T.HashedParams, chain.hashedParams()),
  e('EventAttribute', T.EventAttribute, chain.eventAttribute()),
  e('Event', T.Event, chain.event()),
  e('ExecTxResult', T.ExecTxResult, chain.execTxResult()),
  // consensus reactor
  e('NewRoundStep', T.NewRoundStep, r.newRoundStep()),
  e('NewValidBlock', T.NewValidBlock, r.newValidBlock()),
  e('ProposalMessage', T.ProposalMessage, r.proposalMessage()),
  e('ProposalPOL', T.ProposalPOL, r.proposalPOL()),
  e('BlockPart', T.BlockPart, r.blockPart()),
  e('VoteMessage', T.VoteMessage, r.voteMessage()),
  e('HasVote', T.HasVote, r.hasVote()),
  e('VoteSetMaj23', T.VoteSetMaj23, r.voteSetMaj23()),
  e('VoteSetBits', T.VoteSetBits, r.voteSetBits()),
  e('HasProposalBlockPart', T.HasProposalBlockPart, r.hasProposalBlockPart()),
  e('ConsensusMessage', T.ConsensusMessage, r.consensusMessage() as fc.Arbitrary<T.ConsensusMessage>),
  e('ConsensusMessageV1', T.ConsensusMessageV1, r.consensusMessageV1() as fc.Arbitrary<T.ConsensusMessageV1>),
  // mempool, statesync, blocksync, pex
  e('Txs', T.Txs, r.txs()),
  e('MempoolMessage', T.MempoolMessage, r.mempoolMessage()),
  e('SnapshotsRequest', T.SnapshotsRequest, empty),
  e('SnapshotsResponse', T.SnapshotsResponse, r.snapshotsResponse()),
  e('ChunkRequest', T.ChunkRequest, r.chunkRequest()),
  e('ChunkResponse', T.ChunkResponse, r.chunkResponse()),
  e('StatesyncMessage', T.StatesyncMessage, r.statesyncMessage() as fc.Arbitrary<T.StatesyncMessage>),
  e('BlockRequest', T.BlockRequest, r.blockRequest()),
  e('NoBlockResponse', T.NoBlockResponse, r.blockRequest()),
  e('BlockResponse', T.BlockResponse, r.blockResponse()),
  e('StatusRequest', T.StatusRequest, empty),
  e('StatusResponse', T.StatusResponse, r.statusResponse()),
  e('BlocksyncMessage', T.BlocksyncMessage, r.blocksyncMessage() as fc.Arbitrary<T.BlocksyncMessage>),
  e('NetAddressProto', T.NetAddressProto, r.netAddress()),
  e('PexRequest', T.PexRequest, empty),
  e('PexAddrs', T.PexAddrs, r.pexAddrs()),
  e('PexMessage', T.PexMessage, r.pexMessage() as fc.Arbitrary<T.PexMessage>),
];

/** Heavy values (blocks with evidence) get fewer runs to keep the suite fast. */
export const runsFor = (name: string, base: number) =>
  ['Block', 'BlockResponse', 'BlocksyncMessage', 'EvidenceList', 'Evidence', 'LightClientAttackEvidence'].includes(name) ? Math.ceil(base / 4) : base;
