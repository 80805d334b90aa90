/**
 * ABCI 2.0 block requests/responses (v0.38 field numbers): PrepareProposal,
 * ProcessProposal, ExtendVote, VerifyVoteExtension and FinalizeBlock.
 */
import { f, message, type Infer } from '../proto/index.js';
import { timestampField } from '../messages/timestamp.js';
import { ConsensusParamsUpdate } from '../messages/params.js';
import { Event, ExecTxResult } from '../messages/abci-results.js';
import { CommitInfo, ExtendedCommitInfo, Misbehavior, ValidatorUpdate } from './common.js';

export const PrepareProposalRequest = message('RequestPrepareProposal', {
  maxTxBytes: f.int64(1),
  txs: f.repeated(f.bytes(2)),
  localLastCommit: f.message(3, ExtendedCommitInfo, { nn: true }),
  misbehavior: f.repeated(f.message(4, Misbehavior, { nn: true })),
  height: f.int64(5),
  time: timestampField(6),
  nextValidatorsHash: f.bytes(7),
  proposerAddress: f.bytes(8),
});
export type PrepareProposalRequest = Infer<typeof PrepareProposalRequest>;

export const PrepareProposalResponse = message('ResponsePrepareProposal', { txs: f.repeated(f.bytes(1)) });
export type PrepareProposalResponse = Infer<typeof PrepareProposalResponse>;

export const ProcessProposalRequest = message('RequestProcessProposal', {
  txs: f.repeated(f.bytes(1)),
  proposedLastCommit: f.message(2, CommitInfo, { nn: true }),
  misbehavior: f.repeated(f.message(3, Misbehavior, { nn: true })),
  hash: f.bytes(4),
  height: f.int64(5),
  time: timestampField(6),
  nextValidatorsHash: f.bytes(7),
  proposerAddress: f.bytes(8),
});
export type ProcessProposalRequest = Infer<typeof ProcessProposalRequest>;

export const ProcessProposalResponse = message('ResponseProcessProposal', { status: f.enumeration(1) });
export type ProcessProposalResponse = Infer<typeof ProcessProposalResponse>;

export const ExtendVoteRequest = message('RequestExtendVote', {
  hash: f.bytes(1),
  height: f.int64(2),
  time: timestampField(3),
  txs: f.repeated(f.bytes(4)),
  proposedLastCommit: f.message(5, CommitInfo, { nn: true }),
  misbehavior: f.repeated(f.message(6, Misbehavior, { nn: true })),
  nextValidatorsHash: f.bytes(7),
  proposerAddress: f.bytes(8),
});
export type ExtendVoteRequest = Infer<typeof ExtendVoteRequest>;

export const ExtendVoteResponse = message('ResponseExtendVote', { voteExtension: f.bytes(1) });
export type ExtendVoteResponse = Infer<typeof ExtendVoteResponse>;

export const VerifyVoteExtensionRequest = message('RequestVerifyVoteExtension', {
  hash: f.bytes(1),
  validatorAddress: f.bytes(2),
  height: f.int64(3),
  voteExtension: f.bytes(4),
});
export type VerifyVoteExtensionRequest = Infer<typeof VerifyVoteExtensionRequest>;

export const VerifyVoteExtensionResponse = message('ResponseVerifyVoteExtension', { status: f.enumeration(1) });
export type VerifyVoteExtensionResponse = Infer<typeof VerifyVoteExtensionResponse>;

export const FinalizeBlockRequest = message('RequestFinalizeBlock', {
  txs: f.repeated(f.bytes(1)),
  decidedLastCommit: f.message(2, CommitInfo, { nn: true }),
  misbehavior: f.repeated(f.message(3, Misbehavior, { nn: true })),
  hash: f.bytes(4),
  height: f.int64(5),
  time: timestampField(6),
  nextValidatorsHash: f.bytes(7),
  proposerAddress: f.bytes(8),
});
export type FinalizeBlockRequest = Infer<typeof FinalizeBlockRequest>;

/** Stored per height by the state store (abciResponsesKey:H) as this proto. */
export const FinalizeBlockResponse = message('ResponseFinalizeBlock', {
  events: f.repeated(f.message(1, Event, { nn: true })),
  txResults: f.repeated(f.message(2, ExecTxResult, { nn: true })),
  validatorUpdates: f.repeated(f.message(3, ValidatorUpdate, { nn: true })),
  consensusParamUpdates: f.message(4, ConsensusParamsUpdate),
  appHash: f.bytes(5),
});
export type FinalizeBlockResponse = Infer<typeof FinalizeBlockResponse>;
