/** The blocksync channel (0x40) messages (tendermint.blocksync). */
import { f, message, oneof, type Infer } from '../proto/index.js';
import { Block } from './block.js';
import { ExtendedCommit } from './commit.js';
import { MAX_VOTES_COUNT } from './consensus.js';

export const BlockRequest = message('BlockRequest', { height: f.int64(1) }, [
  ['block request height must be >= 0', (m) => m.height >= 0n, ['height']],
]);
export type BlockRequest = Infer<typeof BlockRequest>;

export const NoBlockResponse = message('NoBlockResponse', { height: f.int64(1) }, [
  ['no block response height must be >= 0', (m) => m.height >= 0n, ['height']],
]);
export type NoBlockResponse = Infer<typeof NoBlockResponse>;

/**
 * `ext_commit` is the extended commit for the block's own height, sent only
 * when vote extensions were enabled there.
 */
export const BlockResponse = message(
  'BlockResponse',
  {
    block: f.message(1, Block),
    extCommit: f.message(2, ExtendedCommit),
  },
  [
    ['block response must carry a block', (m) => m.block !== undefined, ['block']],
    [
      `block response last commit may have at most ${MAX_VOTES_COUNT} signatures`,
      (m) => (m.block!.lastCommit?.signatures.length ?? 0) <= MAX_VOTES_COUNT,
      ['block', 'lastCommit', 'signatures'],
    ],
    [
      `block response extended commit may have at most ${MAX_VOTES_COUNT} signatures`,
      (m) => (m.extCommit?.extendedSignatures.length ?? 0) <= MAX_VOTES_COUNT,
      ['extCommit', 'extendedSignatures'],
    ],
  ],
);
export type BlockResponse = Infer<typeof BlockResponse>;

export const StatusRequest = message('StatusRequest', {});
export type StatusRequest = Infer<typeof StatusRequest>;

export const StatusResponse = message(
  'StatusResponse',
  { height: f.int64(1), base: f.int64(2) },
  [
    ['status response base must be >= 0', (m) => m.base >= 0n, ['base']],
    ['status response height must be >= 0', (m) => m.height >= 0n, ['height']],
    ['status response base must be <= height', (m) => m.base <= m.height, ['base']],
  ],
);
export type StatusResponse = Infer<typeof StatusResponse>;

export const BlocksyncMessage = oneof('BlocksyncMessage', {
  blockRequest: f.message(1, BlockRequest, { nn: true }),
  noBlockResponse: f.message(2, NoBlockResponse, { nn: true }),
  blockResponse: f.message(3, BlockResponse, { nn: true }),
  statusRequest: f.message(4, StatusRequest, { nn: true }),
  statusResponse: f.message(5, StatusResponse, { nn: true }),
});
export type BlocksyncMessage = Infer<typeof BlocksyncMessage>;
