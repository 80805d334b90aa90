/**
 * The kvstore's transaction rules (kvstore.md): plain `key=value` /
 * `key:value` txs and `val=<keytype>!<base64 pubkey>!<power>` validator txs.
 */
import type { PublicKey } from '@cometts/types';

export const VALIDATOR_TX_PREFIX = 'val=';
const PREFIX_BYTES = Buffer.from(VALIDATOR_TX_PREFIX, 'latin1');
const EQ = 0x3d; // '='
const COLON = 0x3a; // ':'

/** ABCI codes the kvstore answers with. */
export const KVStoreCode = { OK: 0, EncodingError: 1, InvalidTxFormat: 2, Unauthorized: 3, Executed: 5 } as const;

const INT64_MAX = 2n ** 63n - 1n;

function count(tx: Uint8Array, byte: number): number {
  let n = 0;
  for (const b of tx) if (b === byte) n++;
  return n;
}

export function isValidatorTx(tx: Uint8Array): boolean {
  return tx.length >= PREFIX_BYTES.length && Buffer.compare(tx.subarray(0, PREFIX_BYTES.length), PREFIX_BYTES) === 0;
}

/**
 * A plain tx: exactly one `:` and no `=`, or exactly one `=` and no `:`, the
 * separator being neither the first nor the last byte.
 */
export function isValidPlainTx(tx: Uint8Array): boolean {
  const colons = count(tx, COLON);
  const eqs = count(tx, EQ);
  let sep: number;
  if (colons === 1 && eqs === 0) sep = COLON;
  else if (eqs === 1 && colons === 0) sep = EQ;
  else return false;
  return tx[0] !== sep && tx[tx.length - 1] !== sep;
}

export interface ValidatorTx {
  pubKey: PublicKey;
  power: bigint;
}

/** Go's base64.StdEncoding: padded, standard alphabet; it skips CR and LF. */
function decodeStdBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

/**
 * Parses `val=<keytype>!<base64 pubkey>!<power>`; undefined when it does not
 * parse. Power is a decimal int64 ≥ 0 (an optional sign, as Go's ParseInt
 * accepts). Unlike Go's kvstore, which accepts any key type and length here
 * and then halts in FinalizeBlock, an unusable key is refused up front: the
 * key type must be `ed25519` (or empty, meaning ed25519) with 32 bytes or
 * `secp256k1` with 33.
 */
export function parseValidatorTx(tx: Uint8Array): ValidatorTx | undefined {
  if (!isValidatorTx(tx)) return undefined;
  const fields = Buffer.from(tx.subarray(PREFIX_BYTES.length)).toString('latin1').split('!');
  if (fields.length !== 3) return undefined;
  const [keyType, keyText, powerText] = fields as [string, string, string];
  const key = decodeStdBase64(keyText);
  if (key === undefined) return undefined;
  if (!/^[+-]?[0-9]+$/.test(powerText)) return undefined;
  const power = BigInt(powerText);
  if (power < 0n || power > INT64_MAX) return undefined;
  if ((keyType === 'ed25519' || keyType === '') && key.length === 32) return { pubKey: { case: 'ed25519', value: key }, power };
  if (keyType === 'secp256k1' && key.length === 33) return { pubKey: { case: 'secp256k1', value: key }, power };
  return undefined;
}

/** The validator tx that sets `pubKey`'s power (0 removes it). */
export function makeValidatorTx(pubKey: PublicKey, power: bigint): Uint8Array {
  return Buffer.from(`${VALIDATOR_TX_PREFIX}${pubKey.case}!${Buffer.from(pubKey.value).toString('base64')}!${power}`, 'latin1');
}

/** CheckTx's verdict: a well-formed validator tx or a valid plain tx. */
export function isValidTx(tx: Uint8Array): boolean {
  return isValidatorTx(tx) ? parseValidatorTx(tx) !== undefined : isValidPlainTx(tx);
}

/** PrepareProposal's rewrite: the first `:` becomes `=`. */
export function normalizeTx(tx: Uint8Array): Uint8Array {
  const i = tx.indexOf(COLON);
  if (i < 0) return tx;
  const out = new Uint8Array(tx);
  out[i] = EQ;
  return out;
}

/** Key and value of a plain tx (split at its one separator); the whole tx as both when it has none. */
export function splitKeyValue(tx: Uint8Array): { key: Uint8Array; value: Uint8Array } {
  const parts = splitAll(tx, EQ);
  if (parts.length === 2) return { key: parts[0]!, value: parts[1]! };
  return { key: tx, value: tx };
}

function splitAll(tx: Uint8Array, sep: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= tx.length; i++) {
    if (i === tx.length || tx[i] === sep) {
      out.push(tx.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

/** What Commit stores for a staged plain tx: split at `=`, or at `:` for a raw `key:value` a proposer left unrewritten. */
export function storedKeyValue(tx: Uint8Array): { key: Uint8Array; value: Uint8Array } | undefined {
  for (const sep of [EQ, COLON]) {
    const parts = splitAll(tx, sep);
    if (parts.length === 2) return { key: parts[0]!, value: parts[1]! };
  }
  return undefined;
}
