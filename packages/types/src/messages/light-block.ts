/**
 * SignedHeader and LightBlock (tendermint.types), as carried by
 * LightClientAttackEvidence, with their structural ValidateBasic rules.
 * The hash cross-checks of upstream ValidateBasic (commit block hash =
 * header hash, validators_hash = validator-set hash) need the hashing code
 * and are done by the light-block domain type, not here.
 */
import { f, message, type Infer } from '../proto/index.js';
import { Commit } from './commit.js';
import { Header } from './header.js';
import { headerBasicRules } from './header-rules.js';
import { ValidatorSetProto } from './validator.js';

export const SignedHeader = message(
  'SignedHeader',
  {
    header: f.message(1, Header),
    commit: f.message(2, Commit),
  },
  [
    ['signed header must have a header', (s) => s.header !== undefined, ['header']],
    ['signed header must have a commit', (s) => s.commit !== undefined, ['commit']],
    ...headerBasicRules<{ header?: Header }>((s) => s.header, ['header']),
    ['signed header commit height must equal the header height', (s) => s.commit!.height === s.header!.height, ['commit', 'height']],
  ],
);
export type SignedHeader = Infer<typeof SignedHeader>;

export const LightBlock = message(
  'LightBlock',
  {
    signedHeader: f.message(1, SignedHeader),
    validatorSet: f.message(2, ValidatorSetProto),
  },
  [
    ['light block must have a signed header', (b) => b.signedHeader !== undefined, ['signedHeader']],
    ['light block must have a validator set', (b) => b.validatorSet !== undefined, ['validatorSet']],
    ['light block validator set must not be empty', (b) => b.validatorSet!.validators.length > 0, ['validatorSet', 'validators']],
    ['light block validator set must have a proposer', (b) => b.validatorSet!.proposer !== undefined, ['validatorSet', 'proposer']],
  ],
);
export type LightBlock = Infer<typeof LightBlock>;
