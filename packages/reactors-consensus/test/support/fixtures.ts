/** Deterministic validator keys, validator sets and genesis states for tests. */
import {
  BlockID,
  Ed25519PrivateKey,
  Validator,
  ValidatorSet,
  defaultConsensusParams,
  sha256,
  type ConsensusParams,
  type Timestamp,
} from '@cometts/types';
import type { State } from '../../src/driver/ports.js';

export const GENESIS_TIME: Timestamp = { seconds: 1_704_067_200n, nanos: 0 };

export function keyFor(i: number): Ed25519PrivateKey {
  const seed = new Uint8Array(32);
  seed[0] = 0xc0;
  seed[1] = i;
  return Ed25519PrivateKey.fromSeed(sha256(seed));
}

export interface TestValidator {
  key: Ed25519PrivateKey;
  address: Uint8Array;
  power: bigint;
}

/** n validators with keys 0..n-1 and the given powers (default 10 each). */
export function makeValidators(n: number, powers: readonly bigint[] = []): TestValidator[] {
  return Array.from({ length: n }, (_, i) => {
    const key = keyFor(i);
    return { key, address: key.address, power: powers[i] ?? 10n };
  });
}

export function validatorSet(vals: readonly TestValidator[]): ValidatorSet {
  return new ValidatorSet(vals.map((v) => Validator.create({ case: 'ed25519', value: v.key.publicKey }, v.power)));
}

/** MakeGenesisState for a chain of `vals` (consensus-algorithm.md §16). */
export function genesisState(vals: readonly TestValidator[], opts: { chainId?: string; params?: ConsensusParams } = {}): State {
  const validators = validatorSet(vals);
  return {
    version: { consensus: { block: 11n, app: 0n }, software: '0.38.17' },
    chainId: opts.chainId ?? 'test-chain',
    initialHeight: 1n,
    lastBlockHeight: 0n,
    lastBlockId: BlockID.create(),
    lastBlockTime: GENESIS_TIME,
    nextValidators: validators.copyIncrementProposerPriority(1),
    validators,
    lastValidators: new ValidatorSet([]),
    lastHeightValidatorsChanged: 1n,
    consensusParams: opts.params ?? defaultConsensusParams(),
    lastHeightConsensusParamsChanged: 1n,
    lastResultsHash: sha256(new Uint8Array(0)),
    appHash: new Uint8Array(0),
  };
}

/** Milliseconds since the Unix epoch as a Timestamp. */
export function msToTimestamp(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}
