/**
 * @cometts/types: every CometBFT wire message (type + zod validation + byte-exact
 * protobuf codec), the core domain types, crypto, and the typed errors.
 */
export * from './errors.js';
export * from './proto/index.js';

export * from './messages/timestamp.js';
export * from './messages/crypto-keys.js';
export * from './messages/bit-array.js';
export * from './messages/block-id.js';
export * from './messages/vote.js';
export * from './messages/header.js';
export * from './messages/commit.js';
export * from './messages/part.js';
export * from './messages/validator.js';
export * from './messages/conn.js';
export * from './messages/auth-sig.js';
export * from './messages/consensus.js';
export * from './messages/header-rules.js';
export * from './messages/light-block.js';
export * from './messages/evidence.js';
export * from './messages/block.js';
export * from './messages/params.js';
export * from './messages/abci-results.js';
export * from './messages/mempool.js';
export * from './messages/statesync.js';
export * from './messages/blocksync.js';
export * from './messages/pex.js';
export * from './messages/node-info.js';

export * from './crypto/hash.js';
export * from './crypto/ed25519.js';
export * from './crypto/merkle.js';
export * from './crypto/sign-bytes.js';
export * from './crypto/commit-sign-bytes.js';
export * from './crypto/node-id.js';
export * from './crypto/pub-key.js';
export * from './time/timestamp.js';
export * from './bits/bit-array.js';
export * from './block/part-set.js';
export * from './hash/header-hash.js';
export * from './validators/errors.js';
export * from './validators/safe-math.js';
export * from './validators/validator.js';
export * from './validators/proposer-priority.js';
export * from './validators/change-set.js';
export * from './validators/validator-set.js';
export * from './validators/commit-errors.js';
export * from './validators/verify-commit.js';
export * from './hash/block-hashes.js';
export * from './keys/key-json.js';
export * from './keys/key-files.js';
export * from './p2p/ip.js';
export * from './p2p/net-address-errors.js';
export * from './p2p/routability.js';
export * from './p2p/net-address.js';
export * from './p2p/address-group.js';
export * from './abci/enums.js';
export * from './abci/common.js';
export * from './abci/info-types.js';
export * from './abci/block-types.js';
export * from './abci/snapshot-types.js';
export * from './abci/application.js';
export * from './abci/base-application.js';
export * from './fs/atomic-file.js';
