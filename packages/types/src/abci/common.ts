/** ABCI 2.0 building blocks shared by several requests and responses (tendermint.abci / tendermint.crypto). */
import { f, message, type Infer } from '../proto/index.js';
import { PublicKey } from '../messages/crypto-keys.js';
import { timestampField } from '../messages/timestamp.js';

/** abci.Validator: an address and its power (the name `Validator` belongs to the domain class). */
export const AbciValidator = message('Validator', { address: f.bytes(1), power: f.int64(3) });
export type AbciValidator = Infer<typeof AbciValidator>;

export const ValidatorUpdate = message('ValidatorUpdate', {
  pubKey: f.message(1, PublicKey, { nn: true }),
  power: f.int64(2),
});
export type ValidatorUpdate = Infer<typeof ValidatorUpdate>;

export const VoteInfo = message('VoteInfo', {
  validator: f.message(1, AbciValidator, { nn: true }),
  blockIdFlag: f.enumeration(3),
});
export type VoteInfo = Infer<typeof VoteInfo>;

export const ExtendedVoteInfo = message('ExtendedVoteInfo', {
  validator: f.message(1, AbciValidator, { nn: true }),
  voteExtension: f.bytes(3),
  extensionSignature: f.bytes(4),
  blockIdFlag: f.enumeration(5),
});
export type ExtendedVoteInfo = Infer<typeof ExtendedVoteInfo>;

export const CommitInfo = message('CommitInfo', {
  round: f.int32(1),
  votes: f.repeated(f.message(2, VoteInfo, { nn: true })),
});
export type CommitInfo = Infer<typeof CommitInfo>;

export const ExtendedCommitInfo = message('ExtendedCommitInfo', {
  round: f.int32(1),
  votes: f.repeated(f.message(2, ExtendedVoteInfo, { nn: true })),
});
export type ExtendedCommitInfo = Infer<typeof ExtendedCommitInfo>;

export const Misbehavior = message('Misbehavior', {
  type: f.enumeration(1),
  validator: f.message(2, AbciValidator, { nn: true }),
  height: f.int64(3),
  time: timestampField(4),
  totalVotingPower: f.int64(5),
});
export type Misbehavior = Infer<typeof Misbehavior>;

export const Snapshot = message('Snapshot', {
  height: f.uint64(1),
  format: f.uint32(2),
  chunks: f.uint32(3),
  hash: f.bytes(4),
  metadata: f.bytes(5),
});
export type Snapshot = Infer<typeof Snapshot>;

export const ProofOp = message('ProofOp', { type: f.string(1), key: f.bytes(2), data: f.bytes(3) });
export type ProofOp = Infer<typeof ProofOp>;

export const ProofOps = message('ProofOps', { ops: f.repeated(f.message(1, ProofOp, { nn: true })) });
export type ProofOps = Infer<typeof ProofOps>;
