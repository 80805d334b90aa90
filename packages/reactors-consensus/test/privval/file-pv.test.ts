import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Ed25519PrivateKey,
  SignedMsgType,
  Vote,
  parsePrivValidatorKeyJson,
  proposalSignBytes,
  verifyEd25519,
  voteExtensionSignBytes,
  voteSignBytes,
  type BlockID,
  type Proposal,
} from '@cometts/types';
import { DoubleSignRiskError, FilePV, InvalidSignRequestError, PrivValidatorFileError, parseSignState } from '../../src/index.js';

const CHAIN = 'pv-chain';
const key = Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(42));
const blockId = (n: number): BlockID => ({ hash: new Uint8Array(32).fill(n), partSetHeader: { total: 1, hash: new Uint8Array(32).fill(n + 1) } });
const nilId = (): BlockID => ({ hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } });

function vote(type: number, height: bigint, round: number, id: BlockID, seconds = 100n, extension = new Uint8Array(0)): Vote {
  return Vote.create({
    type,
    height,
    round,
    blockId: id,
    timestamp: { seconds, nanos: 0 },
    validatorAddress: key.address,
    validatorIndex: 0,
    extension,
  });
}

function proposal(height: bigint, round: number, id: BlockID, seconds = 100n): Proposal {
  return { type: SignedMsgType.Proposal, height, round, polRound: -1, blockId: id, timestamp: { seconds, nanos: 0 }, signature: new Uint8Array(0) };
}

describe('FilePV', () => {
  let dir: string;
  let keyFile: string;
  let stateFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cometts-privval-'));
    keyFile = join(dir, 'priv_validator_key.json');
    stateFile = join(dir, 'priv_validator_state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes CometBFT key and state files and loads them back', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    expect(readFileSync(stateFile, 'utf8')).toBe('{\n  "height": "0",\n  "round": 0,\n  "step": 0\n}');
    expect(parsePrivValidatorKeyJson(readFileSync(keyFile, 'utf8')).address).toEqual(key.address);
    const loaded = await FilePV.load(keyFile, stateFile);
    expect(await loaded.getPubKey()).toEqual(await pv.getPubKey());
    expect(loaded.address).toEqual(key.address);
  });

  it('signs a vote, persisting height/round/step, signature and sign bytes', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    const v = vote(SignedMsgType.Prevote, 5n, 1, blockId(1));
    const signed = await pv.signVote(CHAIN, v, false);
    expect(verifyEd25519(key.publicKey, voteSignBytes(CHAIN, v), signed.signature)).toBe(true);
    const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(doc).toEqual({
      height: '5',
      round: 1,
      step: 2,
      signature: Buffer.from(signed.signature).toString('base64'),
      signbytes: Buffer.from(voteSignBytes(CHAIN, v)).toString('hex').toUpperCase(),
    });
    expect(parseSignState(readFileSync(stateFile, 'utf8')).height).toBe(5n);
  });

  it('re-signs an identical vote with the stored signature and writes nothing', async () => {
    let renames = 0;
    const pv = await FilePV.generate(keyFile, stateFile, key, { fileOps: { rename: (a, b) => (renames++, rename(a, b)) } });
    const v = vote(SignedMsgType.Precommit, 3n, 0, blockId(2));
    const first = await pv.signVote(CHAIN, v, false);
    const before = renames;
    const again = await pv.signVote(CHAIN, v, false);
    expect(again.signature).toEqual(first.signature);
    expect(renames).toBe(before);
  });

  it('re-signs a vote differing only in timestamp with the stored signature and timestamp', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    const first = await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, blockId(2), 100n), false);
    const later = await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, blockId(2), 999n), false);
    expect(later.timestamp).toEqual({ seconds: 100n, nanos: 0 });
    expect(later.signature).toEqual(first.signature);
    expect(verifyEd25519(key.publicKey, voteSignBytes(CHAIN, later), later.signature)).toBe(true);
  });

  it('refuses conflicting data for the same height/round/step', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, blockId(2)), false);
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, blockId(7)), false)).rejects.toMatchObject({ reason: 'CONFLICTING_DATA' });
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, nilId()), false)).rejects.toThrow(DoubleSignRiskError);
    await expect(pv.signVote('other-chain', vote(SignedMsgType.Prevote, 3n, 0, blockId(2)), false)).rejects.toThrow(/conflicting data/);
  });

  it('refuses height, round and step regressions', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    await pv.signVote(CHAIN, vote(SignedMsgType.Precommit, 10n, 2, blockId(1)), false);
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Precommit, 9n, 5, blockId(1)), false)).rejects.toMatchObject({ reason: 'HEIGHT_REGRESSION' });
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Precommit, 10n, 1, blockId(1)), false)).rejects.toMatchObject({ reason: 'ROUND_REGRESSION' });
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 10n, 2, blockId(1)), false)).rejects.toMatchObject({ reason: 'STEP_REGRESSION' });
    await expect(pv.signProposal(CHAIN, proposal(10n, 2, blockId(1)))).rejects.toMatchObject({ reason: 'STEP_REGRESSION' });
    // Moving on is fine: next round, next height.
    await pv.signProposal(CHAIN, proposal(10n, 3, blockId(1)));
    await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 10n, 3, blockId(1)), false);
    await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 11n, 0, blockId(1)), false);
    expect(pv.lastSignState).toMatchObject({ height: 11n, round: 0, step: 2 });
  });

  it('refuses a repeat of the stored height/round/step without stored sign bytes', async () => {
    await FilePV.generate(keyFile, stateFile, key);
    writeFileSync(stateFile, JSON.stringify({ height: '4', round: 0, step: 2 }));
    const pv = await FilePV.load(keyFile, stateFile);
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 4n, 0, blockId(1)), false)).rejects.toMatchObject({ reason: 'NO_SIGN_BYTES' });
    await pv.signVote(CHAIN, vote(SignedMsgType.Precommit, 4n, 0, blockId(1)), false);
  });

  it('applies the same rules to proposals', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    const p = proposal(2n, 0, blockId(3), 50n);
    const signed = await pv.signProposal(CHAIN, p);
    expect(verifyEd25519(key.publicKey, proposalSignBytes(CHAIN, p), signed.signature)).toBe(true);
    const again = await pv.signProposal(CHAIN, proposal(2n, 0, blockId(3), 60n));
    expect([again.signature, again.timestamp]).toEqual([signed.signature, { seconds: 50n, nanos: 0 }]);
    await expect(pv.signProposal(CHAIN, { ...proposal(2n, 0, blockId(3)), polRound: 0 })).rejects.toMatchObject({ reason: 'CONFLICTING_DATA' });
    await expect(pv.signProposal(CHAIN, proposal(2n, 0, blockId(4)))).rejects.toThrow(DoubleSignRiskError);
  });

  it('signs extensions of non-nil precommits afresh, even for a repeat', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    const v = vote(SignedMsgType.Precommit, 7n, 0, blockId(1), 100n, new Uint8Array([1, 2]));
    const signed = await pv.signVote(CHAIN, v, true);
    expect(verifyEd25519(key.publicKey, voteExtensionSignBytes(CHAIN, v), signed.extensionSignature)).toBe(true);
    const v2 = { ...v, extension: new Uint8Array([9]) };
    const again = await pv.signVote(CHAIN, v2, true);
    expect(again.signature).toEqual(signed.signature);
    expect(verifyEd25519(key.publicKey, voteExtensionSignBytes(CHAIN, v2), again.extensionSignature)).toBe(true);
    // A nil precommit gets an empty extension signature; an extension there is refused.
    const nil = await pv.signVote(CHAIN, vote(SignedMsgType.Precommit, 8n, 0, nilId()), true);
    expect(nil.extensionSignature.length).toBe(0);
    await expect(pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 9n, 0, blockId(1), 100n, new Uint8Array([1])), true)).rejects.toThrow(
      InvalidSignRequestError,
    );
    await expect(pv.signVote(CHAIN, { ...vote(SignedMsgType.Prevote, 9n, 0, blockId(1)), type: 5 }, false)).rejects.toThrow(/unknown vote type/);
  });

  it('refuses to load without a state file or with a malformed one', async () => {
    await FilePV.generate(keyFile, stateFile, key);
    await expect(FilePV.load(keyFile, join(dir, 'missing.json'))).rejects.toThrow(PrivValidatorFileError);
    writeFileSync(stateFile, '{"height": 5}');
    await expect(FilePV.load(keyFile, stateFile)).rejects.toThrow(/height must be a decimal string/);
    writeFileSync(stateFile, 'not json');
    await expect(FilePV.load(keyFile, stateFile)).rejects.toThrow(/not valid JSON/);
    writeFileSync(keyFile, '{}');
    await expect(FilePV.load(keyFile, stateFile)).rejects.toThrow(PrivValidatorFileError);
  });

  it('resets the sign state (unsafe reset)', async () => {
    const pv = await FilePV.generate(keyFile, stateFile, key);
    await pv.signVote(CHAIN, vote(SignedMsgType.Prevote, 3n, 0, blockId(2)), false);
    await pv.resetSignState();
    expect(readFileSync(stateFile, 'utf8')).toBe('{\n  "height": "0",\n  "round": 0,\n  "step": 0\n}');
  });
});

describe('FilePV crash safety', () => {
  let dir: string;
  let keyFile: string;
  let stateFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cometts-privval-crash-'));
    keyFile = join(dir, 'priv_validator_key.json');
    stateFile = join(dir, 'priv_validator_state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Every signature that left the signer, keyed by height/round/step: never two different sign bytes. */
  const released = new Map<string, Uint8Array>();
  function release(v: Vote) {
    const k = `${v.height}/${v.round}/${v.type}`;
    const bytes = voteSignBytes(CHAIN, { ...v, timestamp: { seconds: 0n, nanos: 0 } });
    const prev = released.get(k);
    if (prev !== undefined) expect(Buffer.from(prev).equals(bytes)).toBe(true);
    released.set(k, bytes);
  }

  it('a failed state write returns no signature and leaves the old state', async () => {
    released.clear();
    await FilePV.generate(keyFile, stateFile, key);
    const before = readFileSync(stateFile, 'utf8');
    const failing = await FilePV.load(keyFile, stateFile, { fileOps: { rename: async () => Promise.reject(new Error('EIO: injected')) } });
    await expect(failing.signVote(CHAIN, vote(SignedMsgType.Prevote, 1n, 0, blockId(1)), false)).rejects.toThrow(/injected/);
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    expect(failing.lastSignState.height).toBe(0n);
    // Restart: the earlier request never produced a signature, so any vote at that step is safe.
    const restarted = await FilePV.load(keyFile, stateFile);
    release(await restarted.signVote(CHAIN, vote(SignedMsgType.Prevote, 1n, 0, blockId(2)), false));
    await expect(restarted.signVote(CHAIN, vote(SignedMsgType.Prevote, 1n, 0, blockId(1)), false)).rejects.toThrow(DoubleSignRiskError);
  });

  it('a crash after the state write but before the return never leads to a double sign after restart', async () => {
    released.clear();
    await FilePV.generate(keyFile, stateFile, key);
    const crashing = await FilePV.load(keyFile, stateFile, {
      fileOps: {
        rename: async (from, to) => {
          await rename(from, to);
          throw new Error('process killed after rename');
        },
      },
    });
    const v = vote(SignedMsgType.Precommit, 2n, 1, blockId(1), 100n);
    await expect(crashing.signVote(CHAIN, v, false)).rejects.toThrow(/killed/);
    const restarted = await FilePV.load(keyFile, stateFile);
    expect(restarted.lastSignState).toMatchObject({ height: 2n, round: 1, step: 3 });
    // The same vote (possibly with a newer timestamp) gets the persisted signature; anything else is refused.
    const same = await restarted.signVote(CHAIN, { ...v, timestamp: { seconds: 200n, nanos: 0 } }, false);
    expect(same.timestamp).toEqual({ seconds: 100n, nanos: 0 });
    expect(verifyEd25519(key.publicKey, voteSignBytes(CHAIN, same), same.signature)).toBe(true);
    release(same);
    await expect(restarted.signVote(CHAIN, vote(SignedMsgType.Precommit, 2n, 1, blockId(9)), false)).rejects.toThrow(DoubleSignRiskError);
    await expect(restarted.signVote(CHAIN, vote(SignedMsgType.Precommit, 2n, 1, nilId()), false)).rejects.toThrow(DoubleSignRiskError);
    await expect(restarted.signVote(CHAIN, vote(SignedMsgType.Prevote, 2n, 1, blockId(9)), false)).rejects.toMatchObject({ reason: 'STEP_REGRESSION' });
  });

  it('crashing after every write of a run and restarting never releases two different votes for one step', async () => {
    released.clear();
    await FilePV.generate(keyFile, stateFile, key);
    const steps = [
      vote(SignedMsgType.Prevote, 1n, 0, blockId(1)),
      vote(SignedMsgType.Precommit, 1n, 0, blockId(1)),
      vote(SignedMsgType.Prevote, 2n, 0, blockId(2)),
      vote(SignedMsgType.Precommit, 2n, 0, nilId()),
      vote(SignedMsgType.Prevote, 2n, 1, blockId(3)),
    ];
    for (const [i, v] of steps.entries()) {
      const crashing = await FilePV.load(keyFile, stateFile, {
        fileOps: { rename: async (a, b) => (await rename(a, b), Promise.reject(new Error('killed'))) },
      });
      await expect(crashing.signVote(CHAIN, v, false)).rejects.toThrow('killed');
      const restarted = await FilePV.load(keyFile, stateFile);
      // After restart a byzantine-looking alternative for the same step is refused, the original re-signed.
      const alternative = { ...v, blockId: blockId(100 + i) };
      await expect(restarted.signVote(CHAIN, alternative, false)).rejects.toThrow(DoubleSignRiskError);
      release(await restarted.signVote(CHAIN, v, false));
    }
    expect(released.size).toBe(steps.length);
  });
});
