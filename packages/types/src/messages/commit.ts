/** Commit, CommitSig, ExtendedCommit and ExtendedCommitSig. */
import { f, message, type Infer } from '../proto/index.js';
import { BlockID, isZeroBlockID } from './block-id.js';
import { isGoZeroTime, timestampField } from './timestamp.js';

export const BlockIDFlag = { Unknown: 0, Absent: 1, Commit: 2, Nil: 3 } as const;
export type BlockIDFlag = (typeof BlockIDFlag)[keyof typeof BlockIDFlag];

interface SigLike {
  blockIdFlag: number;
  validatorAddress: Uint8Array;
  timestamp: { seconds: bigint; nanos: number };
  signature: Uint8Array;
}

/** CommitSig.ValidateBasic: absent sigs are empty, others carry an address and a signature. */
const commitSigRules = <T extends SigLike>() =>
  [
    ['commit sig flag must be absent, commit or nil', (s: T) => s.blockIdFlag >= 1 && s.blockIdFlag <= 3, ['blockIdFlag']],
    [
      'absent commit sig must have no address, timestamp or signature',
      (s: T) => s.blockIdFlag !== BlockIDFlag.Absent || (s.validatorAddress.length === 0 && s.signature.length === 0 && isGoZeroTime(s.timestamp)),
    ],
    ['commit sig validator address must be 20 bytes', (s: T) => s.blockIdFlag === BlockIDFlag.Absent || s.validatorAddress.length === 20, ['validatorAddress']],
    ['commit sig signature must be 1..64 bytes', (s: T) => s.blockIdFlag === BlockIDFlag.Absent || (s.signature.length > 0 && s.signature.length <= 64), ['signature']],
  ] as const;

export const CommitSig = message(
  'CommitSig',
  {
    blockIdFlag: f.enumeration(1),
    validatorAddress: f.bytes(2),
    timestamp: timestampField(3),
    signature: f.bytes(4),
  },
  commitSigRules(),
);
export type CommitSig = Infer<typeof CommitSig>;

export const Commit = message(
  'Commit',
  {
    height: f.int64(1),
    round: f.int32(2),
    blockId: f.message(3, BlockID, { nn: true }),
    signatures: f.repeated(f.message(4, CommitSig, { nn: true })),
  },
  [
    ['commit height must be >= 0', (c) => c.height >= 0n, ['height']],
    ['commit round must be >= 0', (c) => c.round >= 0, ['round']],
    ['commit at height >= 1 must name a block', (c) => c.height === 0n || !isZeroBlockID(c.blockId), ['blockId']],
    ['commit at height >= 1 must have signatures', (c) => c.height === 0n || c.signatures.length > 0, ['signatures']],
  ],
);
export type Commit = Infer<typeof Commit>;

export const ExtendedCommitSig = message(
  'ExtendedCommitSig',
  {
    blockIdFlag: f.enumeration(1),
    validatorAddress: f.bytes(2),
    timestamp: timestampField(3),
    signature: f.bytes(4),
    extension: f.bytes(5),
    extensionSignature: f.bytes(6),
  },
  [
    ...commitSigRules<{ blockIdFlag: number; validatorAddress: Uint8Array; timestamp: { seconds: bigint; nanos: number }; signature: Uint8Array }>(),
    ['only commit-flag sigs may carry an extension', (s) => s.blockIdFlag === BlockIDFlag.Commit || (s.extension.length === 0 && s.extensionSignature.length === 0)],
    ['extension signature must be <= 64 bytes', (s) => s.extensionSignature.length <= 64, ['extensionSignature']],
  ],
);
export type ExtendedCommitSig = Infer<typeof ExtendedCommitSig>;

export const ExtendedCommit = message(
  'ExtendedCommit',
  {
    height: f.int64(1),
    round: f.int32(2),
    blockId: f.message(3, BlockID, { nn: true }),
    extendedSignatures: f.repeated(f.message(4, ExtendedCommitSig, { nn: true })),
  },
  [
    ['extended commit height must be >= 0', (c) => c.height >= 0n, ['height']],
    ['extended commit round must be >= 0', (c) => c.round >= 0, ['round']],
    ['extended commit at height >= 1 must name a block', (c) => c.height === 0n || !isZeroBlockID(c.blockId), ['blockId']],
    ['extended commit at height >= 1 must have signatures', (c) => c.height === 0n || c.extendedSignatures.length > 0, ['extendedSignatures']],
  ],
);
export type ExtendedCommit = Infer<typeof ExtendedCommit>;

/** The commit without vote extensions: what a block carries and the seen commit stores. */
export function extendedCommitToCommit(ext: ExtendedCommit): Commit {
  return {
    height: ext.height,
    round: ext.round,
    blockId: ext.blockId,
    signatures: ext.extendedSignatures.map((s) => ({
      blockIdFlag: s.blockIdFlag,
      validatorAddress: s.validatorAddress,
      timestamp: s.timestamp,
      signature: s.signature,
    })),
  };
}
