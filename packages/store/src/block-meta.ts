/**
 * Block store records (tendermint.store / tendermint.types): BlockStoreState
 * and BlockMeta, and the keys CometBFT's block store uses (home-files.md §6).
 */
import { BlockID, Header, f, message, type Infer } from '@cometts/types';

export const BlockStoreState = message('BlockStoreState', { base: f.int64(1), height: f.int64(2) });
export type BlockStoreState = Infer<typeof BlockStoreState>;

export const BlockMeta = message('BlockMeta', {
  blockId: f.message(1, BlockID, { nn: true }),
  blockSize: f.int64(2),
  header: f.message(3, Header, { nn: true }),
  numTxs: f.int64(4),
});
export type BlockMeta = Infer<typeof BlockMeta>;

export const blockKeys = {
  state: 'blockStore',
  meta: (h: bigint) => `H:${h}`,
  part: (h: bigint, i: number) => `P:${h}:${i}`,
  commit: (h: bigint) => `C:${h}`,
  seenCommit: (h: bigint) => `SC:${h}`,
  extendedCommit: (h: bigint) => `EC:${h}`,
  hash: (hash: Uint8Array) => `BH:${Buffer.from(hash).toString('hex')}`,
};
