/**
 * Evidence of misbehaviour (tendermint.types): DuplicateVoteEvidence,
 * LightClientAttackEvidence, the Evidence oneof and EvidenceList, which is
 * both the evidence channel's (0x38) message and Block.evidence.
 */
import { f, message, oneof, type Infer } from '../proto/index.js';
import { PartSetHeader, type BlockID } from './block-id.js';
import { LightBlock } from './light-block.js';
import { timestampField } from './timestamp.js';
import { ValidatorProto } from './validator.js';
import { Vote } from './vote.js';

/** Upstream BlockID.Key(): hash ‖ proto(PartSetHeader), compared bytewise. */
export function blockIDKeyBytes(id: BlockID): Uint8Array {
  const psh = PartSetHeader.encode(id.partSetHeader);
  const key = new Uint8Array(id.hash.length + psh.length);
  key.set(id.hash, 0);
  key.set(psh, id.hash.length);
  return key;
}

/** Bytewise comparison, as Go's strings.Compare: negative, zero or positive. */
function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export const DuplicateVoteEvidence = message(
  'DuplicateVoteEvidence',
  {
    voteA: f.message(1, Vote),
    voteB: f.message(2, Vote),
    totalVotingPower: f.int64(3),
    validatorPower: f.int64(4),
    timestamp: timestampField(5),
  },
  [
    ['duplicate vote evidence must have both votes', (e) => e.voteA !== undefined && e.voteB !== undefined],
    [
      'duplicate votes must be ordered by block id key (vote_a < vote_b)',
      (e) => compareKeys(blockIDKeyBytes(e.voteA!.blockId), blockIDKeyBytes(e.voteB!.blockId)) < 0,
    ],
  ],
);
export type DuplicateVoteEvidence = Infer<typeof DuplicateVoteEvidence>;

export const LightClientAttackEvidence = message(
  'LightClientAttackEvidence',
  {
    conflictingBlock: f.message(1, LightBlock),
    commonHeight: f.int64(2),
    byzantineValidators: f.repeated(f.message(3, ValidatorProto, { nn: true })),
    totalVotingPower: f.int64(4),
    timestamp: timestampField(5),
  },
  [
    ['light client attack evidence must have a conflicting block', (e) => e.conflictingBlock !== undefined, ['conflictingBlock']],
    [
      'light client attack conflicting block must have a header',
      (e) => e.conflictingBlock!.signedHeader?.header !== undefined,
      ['conflictingBlock', 'signedHeader', 'header'],
    ],
    ['light client attack total voting power must be > 0', (e) => e.totalVotingPower > 0n, ['totalVotingPower']],
    ['light client attack common height must be > 0', (e) => e.commonHeight > 0n, ['commonHeight']],
    [
      'light client attack common height must not exceed the conflicting block height',
      (e) => e.commonHeight <= e.conflictingBlock!.signedHeader!.header!.height,
      ['commonHeight'],
    ],
  ],
);
export type LightClientAttackEvidence = Infer<typeof LightClientAttackEvidence>;

/** An empty or unknown oneof is a DecodeError ("evidence is not recognized"). */
export const Evidence = oneof('Evidence', {
  duplicateVoteEvidence: f.message(1, DuplicateVoteEvidence, { nn: true }),
  lightClientAttackEvidence: f.message(2, LightClientAttackEvidence, { nn: true }),
});
export type Evidence = Infer<typeof Evidence>;

export const EvidenceList = message('EvidenceList', {
  evidence: f.repeated(f.message(1, Evidence, { nn: true })),
});
export type EvidenceList = Infer<typeof EvidenceList>;
