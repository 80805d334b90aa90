/** Vote and Proposal (tendermint.types) with ValidateBasic as zod rules. */
import { f, message, type Infer } from '../proto/index.js';
import { BlockID, isCompleteBlockID, isZeroBlockID } from './block-id.js';
import { timestampField } from './timestamp.js';

export const SignedMsgType = { Unknown: 0, Prevote: 1, Precommit: 2, Proposal: 32 } as const;
export type SignedMsgType = (typeof SignedMsgType)[keyof typeof SignedMsgType];

export const MAX_SIGNATURE_SIZE = 64;
export const ADDRESS_SIZE = 20;
/** Largest vote extension CometBFT accepts (1 MiB). */
export const MAX_VOTE_EXTENSION_SIZE = 1024 * 1024;

export const Vote = message(
  'Vote',
  {
    type: f.enumeration(1),
    height: f.int64(2),
    round: f.int32(3),
    blockId: f.message(4, BlockID, { nn: true }),
    timestamp: timestampField(5),
    validatorAddress: f.bytes(6),
    validatorIndex: f.int32(7),
    signature: f.bytes(8),
    extension: f.bytes(9),
    extensionSignature: f.bytes(10),
  },
  [
    ['vote type must be prevote or precommit', (v) => v.type === SignedMsgType.Prevote || v.type === SignedMsgType.Precommit, ['type']],
    ['vote height must be > 0', (v) => v.height > 0n, ['height']],
    ['vote round must be >= 0', (v) => v.round >= 0, ['round']],
    ['vote block id must be zero or complete', (v) => isZeroBlockID(v.blockId) || isCompleteBlockID(v.blockId), ['blockId']],
    ['vote validator address must be 20 bytes', (v) => v.validatorAddress.length === ADDRESS_SIZE, ['validatorAddress']],
    ['vote validator index must be >= 0', (v) => v.validatorIndex >= 0, ['validatorIndex']],
    ['vote signature must be 1..64 bytes', (v) => v.signature.length > 0 && v.signature.length <= MAX_SIGNATURE_SIZE, ['signature']],
    [
      'only non-nil precommits may carry an extension',
      (v) => isNonNilPrecommit(v) || (v.extension.length === 0 && v.extensionSignature.length === 0),
      ['extension'],
    ],
    ['vote extension signature must be <= 64 bytes', (v) => v.extensionSignature.length <= MAX_SIGNATURE_SIZE, ['extensionSignature']],
    ['vote extension requires an extension signature', (v) => v.extension.length === 0 || v.extensionSignature.length > 0, ['extensionSignature']],
    ['vote extension must be <= 1 MiB', (v) => v.extension.length <= MAX_VOTE_EXTENSION_SIZE, ['extension']],
  ],
);
export type Vote = Infer<typeof Vote>;

export function isNonNilPrecommit(v: { type: number; blockId: BlockID }): boolean {
  return v.type === SignedMsgType.Precommit && !isZeroBlockID(v.blockId);
}

export const Proposal = message(
  'Proposal',
  {
    type: f.enumeration(1),
    height: f.int64(2),
    round: f.int32(3),
    polRound: f.int32(4),
    blockId: f.message(5, BlockID, { nn: true }),
    timestamp: timestampField(6),
    signature: f.bytes(7),
  },
  [
    ['proposal type must be 32', (p) => p.type === SignedMsgType.Proposal, ['type']],
    ['proposal height must be >= 0', (p) => p.height >= 0n, ['height']],
    ['proposal round must be >= 0', (p) => p.round >= 0, ['round']],
    ['proposal pol_round must be >= -1', (p) => p.polRound >= -1, ['polRound']],
    ['proposal block id must be complete', (p) => isCompleteBlockID(p.blockId), ['blockId']],
    ['proposal signature must be 1..64 bytes', (p) => p.signature.length > 0 && p.signature.length <= MAX_SIGNATURE_SIZE, ['signature']],
  ],
);
export type Proposal = Infer<typeof Proposal>;
