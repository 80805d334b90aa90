/**
 * cmtjson pieces the home files and RPC share: int64 as decimal strings,
 * HexBytes as uppercase hex, registered key types as {"type","value"}.
 */
import { z } from 'zod';
import { addressFromPubKey } from '@cometts/types';
import { createHash } from 'node:crypto';

export const ED25519_PUBKEY_TYPE = 'tendermint/PubKeyEd25519';
export const SECP256K1_PUBKEY_TYPE = 'tendermint/PubKeySecp256k1';

/** cmtjson int64: a JSON string holding a decimal integer (the quotes are required). */
export const int64String = (what: string, min = -(2n ** 63n)) =>
  z
    .string({ error: `${what} must be an int64 written as a JSON string, e.g. "10"` })
    .regex(/^-?\d+$/, { error: `${what} must be a decimal integer string` })
    .refine((s) => BigInt(s) >= min && BigInt(s) < 2n ** 63n, {
      error: `${what} must be an integer ≥ ${min} that fits in int64`,
    });

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64(text: string): Uint8Array | undefined {
  return BASE64.test(text) ? new Uint8Array(Buffer.from(text, 'base64')) : undefined;
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const toHexUpper = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

export interface PubKeyJson {
  type: string;
  value: string;
}

export const PubKeyJsonSchema = z
  .object({ type: z.string(), value: z.string() }, { error: 'expected {"type":…,"value":"<base64>"}' })
  .superRefine((k, ctx) => {
    const bytes = decodeBase64(k.value);
    const size = k.type === ED25519_PUBKEY_TYPE ? 32 : k.type === SECP256K1_PUBKEY_TYPE ? 33 : undefined;
    if (size === undefined) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `unsupported public key type "${k.type}"` });
    } else if (bytes === undefined || bytes.length !== size) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `expected base64 of a ${size}-byte public key` });
    }
  });

export function ed25519PubKeyJson(pubKey: Uint8Array): PubKeyJson {
  return { type: ED25519_PUBKEY_TYPE, value: toBase64(pubKey) };
}

/** The validator address of a cmtjson public key, uppercase hex. */
export function addressOfPubKeyJson(key: PubKeyJson): string {
  const bytes = decodeBase64(key.value) ?? new Uint8Array();
  if (key.type === SECP256K1_PUBKEY_TYPE) {
    // Bitcoin-style address: RIPEMD-160 of SHA-256.
    const sha = createHash('sha256').update(bytes).digest();
    return toHexUpper(createHash('ripemd160').update(sha).digest());
  }
  return toHexUpper(addressFromPubKey(bytes));
}
