/**
 * `data/priv_validator_state.json` (FilePVLastSignState) in CometBFT's
 * format: height as a decimal string, round and step as numbers, signature
 * base64 and signbytes uppercase hex, both omitted when empty; indented by
 * two spaces, no trailing newline.
 */
import { PrivValidatorFileError } from './errors.js';

/** Sign steps: 1 proposal, 2 prevote, 3 precommit (0: nothing signed yet). */
export const SignStep = { None: 0, Proposal: 1, Prevote: 2, Precommit: 3 } as const;
export type SignStep = (typeof SignStep)[keyof typeof SignStep];

export interface LastSignState {
  height: bigint;
  round: number;
  step: number;
  signature: Uint8Array;
  signBytes: Uint8Array;
}

export const PRIV_VALIDATOR_STATE_FILE = 'priv_validator_state.json';

export const initialSignState = (): LastSignState => ({
  height: 0n,
  round: 0,
  step: SignStep.None,
  signature: new Uint8Array(0),
  signBytes: new Uint8Array(0),
});

export function serializeSignState(s: LastSignState): string {
  const doc: Record<string, unknown> = { height: s.height.toString(), round: s.round, step: s.step };
  if (s.signature.length > 0) doc.signature = Buffer.from(s.signature).toString('base64');
  if (s.signBytes.length > 0) doc.signbytes = Buffer.from(s.signBytes).toString('hex').toUpperCase();
  return JSON.stringify(doc, null, 2);
}

export function parseSignState(text: string, file = PRIV_VALIDATOR_STATE_FILE): LastSignState {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PrivValidatorFileError(file, `not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PrivValidatorFileError(file, 'expected a JSON object');
  const { height, round, step, signature, signbytes } = doc as Record<string, unknown>;
  const bad = (reason: string) => new PrivValidatorFileError(file, reason);
  if (height !== undefined && (typeof height !== 'string' || !/^-?[0-9]+$/.test(height))) throw bad('height must be a decimal string');
  if (round !== undefined && (!Number.isInteger(round) || (round as number) < -(2 ** 31) || (round as number) >= 2 ** 31)) {
    throw bad('round must be an int32');
  }
  if (step !== undefined && (!Number.isInteger(step) || (step as number) < -128 || (step as number) > 127)) throw bad('step must be an int8');
  if (signature !== undefined && signature !== null && (typeof signature !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(signature) || signature.length % 4 !== 0)) {
    throw bad('signature must be base64');
  }
  if (signbytes !== undefined && (typeof signbytes !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(signbytes))) throw bad('signbytes must be hex');
  const state: LastSignState = {
    height: height === undefined ? 0n : BigInt(height as string),
    round: (round as number | undefined) ?? 0,
    step: (step as number | undefined) ?? 0,
    signature: typeof signature === 'string' ? new Uint8Array(Buffer.from(signature, 'base64')) : new Uint8Array(0),
    signBytes: typeof signbytes === 'string' ? new Uint8Array(Buffer.from(signbytes, 'hex')) : new Uint8Array(0),
  };
  if (state.signBytes.length > 0 && state.signature.length === 0) throw bad('signbytes without a signature');
  return state;
}
