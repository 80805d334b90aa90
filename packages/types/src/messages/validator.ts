/** Validator, ValidatorSet and SimpleValidator (for the set hash) on the wire. */
import { f, message, type Infer } from '../proto/index.js';
import { PublicKey } from './crypto-keys.js';

export const ValidatorProto = message(
  'Validator',
  {
    address: f.bytes(1),
    pubKey: f.message(2, PublicKey, { nn: true }),
    votingPower: f.int64(3),
    proposerPriority: f.int64(4),
  },
  [
    ['validator address must be 20 bytes', (v) => v.address.length === 20, ['address']],
    ['validator voting power must be >= 0', (v) => v.votingPower >= 0n, ['votingPower']],
  ],
);
export type ValidatorProto = Infer<typeof ValidatorProto>;

export const ValidatorSetProto = message('ValidatorSet', {
  validators: f.repeated(f.message(1, ValidatorProto, { nn: true })),
  proposer: f.message(2, ValidatorProto),
  totalVotingPower: f.int64(3),
});
export type ValidatorSetProto = Infer<typeof ValidatorSetProto>;

export const SimpleValidator = message('SimpleValidator', {
  pubKey: f.message(1, PublicKey),
  votingPower: f.int64(2),
});
export type SimpleValidator = Infer<typeof SimpleValidator>;
