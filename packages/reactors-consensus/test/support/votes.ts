/** Signed votes from test validators. */
import { BlockID, SignedMsgType, sha256, voteSignBytes, type Vote } from '@cometts/types';
import { msToTimestamp, type TestValidator } from './fixtures.js';

export const CHAIN_ID = 'test-chain';

export function blockIdFor(label: string, total = 1): BlockID {
  return { hash: sha256(new TextEncoder().encode(label)), partSetHeader: { total, hash: sha256(new TextEncoder().encode(`psh:${label}`)) } };
}

export const NIL = (): BlockID => BlockID.create();

export function signedVote(
  val: TestValidator,
  index: number,
  o: { type?: number; height?: bigint; round?: number; blockId?: BlockID; timeMs?: number; chainId?: string } = {},
): Vote {
  const vote: Vote = {
    type: o.type ?? SignedMsgType.Prevote,
    height: o.height ?? 1n,
    round: o.round ?? 0,
    blockId: o.blockId ?? NIL(),
    timestamp: msToTimestamp(o.timeMs ?? 1_704_067_201_000 + index),
    validatorAddress: val.address,
    validatorIndex: index,
    signature: new Uint8Array(0),
    extension: new Uint8Array(0),
    extensionSignature: new Uint8Array(0),
  };
  vote.signature = val.key.sign(voteSignBytes(o.chainId ?? CHAIN_ID, vote));
  return vote;
}
