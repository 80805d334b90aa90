/**
 * The mempool channel (0x30) message (tendermint.mempool). The rules follow
 * v0.38.2x's byte filter: a message without txs, or with an empty tx,
 * disconnects the sender. The size limits depend on config (max_tx_bytes)
 * and are the reactor's to check.
 */
import { f, message, oneof, type Infer } from '../proto/index.js';

export const Txs = message('Txs', { txs: f.repeated(f.bytes(1)) }, [
  ['txs must not be empty', (m) => m.txs.length > 0, ['txs']],
  ['a tx must not be empty', (m) => m.txs.every((tx) => tx.length > 0), ['txs']],
]);
export type Txs = Infer<typeof Txs>;

export const MempoolMessage = oneof('MempoolMessage', { txs: f.message(1, Txs, { nn: true }) });
export type MempoolMessage = Infer<typeof MempoolMessage>;
