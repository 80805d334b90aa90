// Deterministic validator keys and signed commits for tests and benchmarks.
import { createHash } from 'node:crypto';
import {
  BlockIDFlag,
  Ed25519PrivateKey,
  Validator,
  ValidatorSet,
  goZeroTime,
  voteSignBytes,
  type BlockID,
  type Commit,
  type CommitSig,
} from '../../src/index.js';

export const CHAIN_ID = 'test-chain';

const digest = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

export function keyFor(i: number): Ed25519PrivateKey {
  return Ed25519PrivateKey.fromSeed(digest(`validator-${i}`));
}

export function makeValidators(powers: readonly bigint[], offset = 0): { set: ValidatorSet; keys: Map<string, Ed25519PrivateKey> } {
  const keys = new Map<string, Ed25519PrivateKey>();
  const vals = powers.map((power, i) => {
    const key = keyFor(i + offset);
    const v = Validator.create({ case: 'ed25519', value: key.publicKey }, power);
    keys.set(v.addressHex, key);
    return v;
  });
  return { set: new ValidatorSet(vals), keys };
}

export function blockIdOf(tag: string): BlockID {
  return { hash: digest(`block-${tag}`), partSetHeader: { total: 1, hash: digest(`parts-${tag}`) } };
}

/**
 * A commit by `set` for `blockId`: `flags[i]` chooses each validator's
 * signature kind (default all COMMIT). Signatures are real Ed25519 over the
 * rebuilt vote's sign bytes.
 */
export function makeCommit(
  set: ValidatorSet,
  keys: Map<string, Ed25519PrivateKey>,
  height: bigint,
  round: number,
  blockId: BlockID,
  flags: readonly number[] = [],
): Commit {
  const signatures: CommitSig[] = set.validators.map((v, i) => {
    const flag = flags[i] ?? BlockIDFlag.Commit;
    if (flag === BlockIDFlag.Absent) {
      return { blockIdFlag: flag, validatorAddress: new Uint8Array(0), timestamp: goZeroTime(), signature: new Uint8Array(0) };
    }
    const timestamp = { seconds: 1_700_000_000n + BigInt(i), nanos: (i * 7919) % 1_000_000_000 };
    const voteBlockId = flag === BlockIDFlag.Commit ? blockId : { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };
    const bytes = voteSignBytes(CHAIN_ID, { type: 2, height, round, blockId: voteBlockId, timestamp });
    return { blockIdFlag: flag, validatorAddress: v.address, timestamp, signature: keys.get(v.addressHex)!.sign(bytes) };
  });
  return { height, round, blockId, signatures };
}
