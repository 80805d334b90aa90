/** Small well-formed blocks, commits and states for store tests. */
import {
  Block,
  BlockIDFlag,
  Ed25519PrivateKey,
  PartSet,
  Validator,
  ValidatorSet,
  defaultConsensusParams,
  headerHash,
  type BlockID,
  type Commit,
  type ExtendedCommit,
} from '@cometts/types';
import type { StoredState } from '../src/index.js';

export const keys = [1, 2, 3].map((i) => Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(i)));
export const validatorSet = () => new ValidatorSet(keys.map((k) => Validator.create({ case: 'ed25519', value: k.publicKey }, 10n)));

const hash32 = (n: number) => new Uint8Array(32).fill(n);

export function commitFor(height: bigint, blockId: BlockID): Commit {
  return {
    height,
    round: 0,
    blockId,
    signatures: keys.map((k) => ({
      blockIdFlag: BlockIDFlag.Commit,
      validatorAddress: k.address,
      timestamp: { seconds: 1_700_000_000n + height, nanos: 0 },
      signature: new Uint8Array(64).fill(Number(height % 200n) + 1),
    })),
  };
}

export function extendedCommitFor(commit: Commit): ExtendedCommit {
  return {
    height: commit.height,
    round: commit.round,
    blockId: commit.blockId,
    extendedSignatures: commit.signatures.map((s) => ({ ...s, extension: new Uint8Array([7]), extensionSignature: new Uint8Array(64).fill(9) })),
  };
}

export interface Made {
  block: Block;
  parts: PartSet;
  blockId: BlockID;
  seen: Commit;
}

/** Block `height` on top of `prev` (undefined for the first block); `txBytes` makes it span several parts. */
export function makeBlock(height: bigint, prev: Made | undefined, txBytes = 100): Made {
  const vals = validatorSet();
  const block: Block = Block.create({
    header: {
      version: { block: 11n, app: 1n },
      chainId: 'store-test',
      height,
      time: { seconds: 1_700_000_000n + height, nanos: 0 },
      lastBlockId: prev?.blockId ?? { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } },
      lastCommitHash: hash32(1),
      dataHash: hash32(2),
      validatorsHash: vals.hash(),
      nextValidatorsHash: vals.hash(),
      consensusHash: hash32(3),
      appHash: new Uint8Array(8),
      lastResultsHash: hash32(4),
      evidenceHash: hash32(5),
      proposerAddress: keys[0]!.address,
    },
    data: { txs: [new Uint8Array(txBytes).fill(Number(height % 250n))] },
    evidence: { evidence: [] },
    lastCommit: prev === undefined ? { height: 0n, round: 0, blockId: prev0(), signatures: [] } : prev.seen,
  });
  const parts = PartSet.fromData(Block.encode(block));
  const blockId = { hash: headerHash(block.header)!, partSetHeader: parts.header() };
  return { block, parts, blockId, seen: commitFor(height, blockId) };
}

const prev0 = (): BlockID => ({ hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } });

/** `n` consecutive blocks from height `from`. */
export function chain(from: bigint, n: number, txBytes = 100): Made[] {
  const out: Made[] = [];
  for (let i = 0; i < n; i++) out.push(makeBlock(from + BigInt(i), out[i - 1], txBytes));
  return out;
}

export function sampleState(lastBlockHeight: bigint): StoredState {
  const vals = validatorSet();
  return {
    version: { consensus: { block: 11n, app: 1n }, software: '0.38.17' },
    chainId: 'store-test',
    initialHeight: 1n,
    lastBlockHeight,
    lastBlockId: lastBlockHeight === 0n ? prev0() : { hash: hash32(8), partSetHeader: { total: 1, hash: hash32(9) } },
    lastBlockTime: { seconds: 1_700_000_000n, nanos: 5 },
    nextValidators: vals.copyIncrementProposerPriority(1),
    validators: vals,
    lastValidators: lastBlockHeight === 0n ? new ValidatorSet() : vals.copy(),
    lastHeightValidatorsChanged: lastBlockHeight + 1n,
    consensusParams: defaultConsensusParams(),
    lastHeightConsensusParamsChanged: lastBlockHeight + 1n,
    lastResultsHash: hash32(6),
    appHash: new Uint8Array([1, 2, 3]),
  };
}
