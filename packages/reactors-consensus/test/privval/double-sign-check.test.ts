import { describe, expect, it } from 'vitest';
import { BlockIDFlag, BlockID, Commit, CommitSig, type Commit as CommitT } from '@cometts/types';
import { SignatureFoundInPastBlocksError, checkDoubleSigningRisk } from '../../src/index.js';

const ours = new Uint8Array(20).fill(0xaa);
const theirs = new Uint8Array(20).fill(0xbb);
const blockId = BlockID.create({ hash: new Uint8Array(32).fill(1), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(2) } });

function commitAt(height: bigint, sigs: { address: Uint8Array; flag: number }[]): CommitT {
  return Commit.create({
    height,
    blockId,
    signatures: sigs.map((s) => CommitSig.create({ blockIdFlag: s.flag, validatorAddress: s.address, signature: new Uint8Array(64).fill(3) })),
  });
}

/** Seen commits by height, recording which heights were read. */
function store(commits: Record<string, CommitT>) {
  const read: bigint[] = [];
  return {
    read,
    loadSeenCommit: async (h: bigint) => {
      read.push(h);
      return commits[h.toString()];
    },
  };
}

describe('double_sign_check_height', () => {
  it('0 disables the check', async () => {
    const s = store({ '9': commitAt(9n, [{ address: ours, flag: BlockIDFlag.Commit }]) });
    await checkDoubleSigningRisk(s, ours, 10n, 0n);
    expect(s.read).toEqual([]);
  });

  it('refuses to start when our COMMIT signature is in a recent seen commit', async () => {
    const s = store({ '8': commitAt(8n, [{ address: theirs, flag: BlockIDFlag.Commit }, { address: ours, flag: BlockIDFlag.Commit }]) });
    const err = await checkDoubleSigningRisk(s, ours, 10n, 3n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureFoundInPastBlocksError);
    expect((err as SignatureFoundInPastBlocksError).height).toBe(8n);
    expect((err as SignatureFoundInPastBlocksError).code).toBe('PRIVVAL_SIGNATURE_IN_PAST_BLOCKS');
  });

  it('looks back checkHeight − 1 heights, never below 1, and ignores nil and absent signatures', async () => {
    const s = store({
      '9': commitAt(9n, [{ address: ours, flag: BlockIDFlag.Nil }]),
      '7': commitAt(7n, [{ address: ours, flag: BlockIDFlag.Commit }]),
    });
    await checkDoubleSigningRisk(s, ours, 10n, 3n); // heights 9 and 8 only
    expect(s.read).toEqual([9n, 8n]);
    const early = store({});
    await checkDoubleSigningRisk(early, ours, 3n, 100n); // window clipped to the chain: heights 2 and 1
    expect(early.read).toEqual([2n, 1n]);
    await expect(checkDoubleSigningRisk(s, ours, 10n, 4n)).rejects.toBeInstanceOf(SignatureFoundInPastBlocksError);
  });
});
