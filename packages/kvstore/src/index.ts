/**
 * @cometts/kvstore: CometBFT v0.38's kvstore example application (the same
 * rules, app hash and results hash as `--proxy_app=kvstore`) on abstract-level.
 */
export { KVStoreApplication, ABCI_VERSION, KVSTORE_APP_VERSION, type KVStoreOptions } from './kvstore-app.js';
export { appHashForSize, AppHashOverflowError, APP_HASH_SIZE } from './app-hash.js';
export {
  KVStoreCode,
  VALIDATOR_TX_PREFIX,
  isValidTx,
  isValidPlainTx,
  isValidatorTx,
  parseValidatorTx,
  makeValidatorTx,
  normalizeTx,
  type ValidatorTx,
} from './tx.js';
export { KVStoreError } from './errors.js';
