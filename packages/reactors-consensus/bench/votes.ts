/**
 * Vote processing rate: pre-signed precommits of a 100- and a 150-validator
 * set (real Ed25519 keys) added to fresh VoteSets / HeightVoteSets with the
 * real signature verifier, against the limit of raw node:crypto Ed25519
 * verifies of the same sign bytes with prepared public keys. The two are
 * measured in alternating slices so that load from other processes on the
 * machine falls on both alike.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { SignedMsgType, bytesEqual, voteSignBytes, type Vote } from '@cometts/types';
import { HeightVoteSet, VoteSet, defaultVerifier } from '../src/core/index.js';
import { makeValidators, validatorSet } from '../test/support/fixtures.js';
import { CHAIN_ID, blockIdFor, signedVote } from '../test/support/votes.js';
import { oneAtATime } from './one-at-a-time.js';

// DER prefix of an SPKI Ed25519 public key.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

interface Fixture {
  votes: Vote[];
  validators: ReturnType<typeof validatorSet>;
  signBytes: Uint8Array[];
  keys: KeyObject[];
}

/** n validators of equal power and one precommit each for the same block, in validator-set order. */
function fixture(n: number): Fixture {
  const vals = makeValidators(n);
  const validators = validatorSet(vals);
  const blockId = blockIdFor('bench block', 4);
  const votes = validators.validators.map((v, index) => {
    const val = vals.find((t) => bytesEqual(t.address, v.address))!;
    return signedVote(val, index, { type: SignedMsgType.Precommit, blockId });
  });
  return {
    votes,
    validators,
    signBytes: votes.map((v) => voteSignBytes(CHAIN_ID, v)),
    keys: validators.validators.map((v) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, v.pubKey.value]), format: 'der', type: 'spki' })),
  };
}

/** One pass: a fresh vote set gets every vote; returns the votes added. */
type Pass = (f: Fixture) => number;

const voteSetPass: Pass = (f) => {
  const set = new VoteSet({
    chainId: CHAIN_ID,
    height: 1n,
    round: 0,
    type: SignedMsgType.Precommit,
    validators: f.validators,
    extensionsEnabled: false,
    verify: defaultVerifier,
  });
  for (const v of f.votes) if (!set.addVote(v).added) throw new Error('vote not added');
  if (set.twoThirdsMajority() === undefined) throw new Error('no +2/3 after every vote');
  return f.votes.length;
};

const heightVoteSetPass: Pass = (f) => {
  const hvs = new HeightVoteSet(CHAIN_ID, 1n, f.validators, false, defaultVerifier);
  for (const v of f.votes) if (!hvs.addVote(v, 'peer').added) throw new Error('vote not added');
  if (hvs.precommits(0)?.twoThirdsMajority() === undefined) throw new Error('no +2/3 after every vote');
  return f.votes.length;
};

const rawVerifyPass: Pass = (f) => {
  for (let i = 0; i < f.votes.length; i++) {
    if (!verify(null, f.signBytes[i]!, f.keys[i]!, f.votes[i]!.signature)) throw new Error('signature did not verify');
  }
  return f.votes.length;
};

/** Runs `pass` for about `ms`; returns [items, seconds]. */
function slice(pass: Pass, f: Fixture, ms: number): [number, number] {
  const t0 = performance.now();
  let items = 0;
  let t = t0;
  while (t - t0 < ms) {
    items += pass(f);
    t = performance.now();
  }
  return [items, (t - t0) / 1000];
}

/** Alternates `pass` and raw verifies in slices; returns both rates (items/s). */
function measure(pass: Pass, f: Fixture, totalMs: number, slices = 8): { rate: number; limit: number } {
  slice(pass, f, 150);
  slice(rawVerifyPass, f, 150);
  const sum = { items: 0, s: 0, rawItems: 0, rawS: 0 };
  for (let i = 0; i < slices; i++) {
    const [items, s] = slice(pass, f, totalMs / slices / 2);
    const [rawItems, rawS] = slice(rawVerifyPass, f, totalMs / slices / 2);
    sum.items += items;
    sum.s += s;
    sum.rawItems += rawItems;
    sum.rawS += rawS;
  }
  return { rate: sum.items / sum.s, limit: sum.rawItems / sum.rawS };
}

const round = (x: number) => Math.round(x * 100) / 100;
const totalMs = Number(process.env.BENCH_VOTES_MS ?? 4_000);

// Synchronous work: started only once the benches imported before this one are done.
await oneAtATime(async () => {
  for (const n of [100, 150]) {
    const f = fixture(n);
    for (const [name, pass] of [
      ['voteset', voteSetPass],
      ['heightvoteset', heightVoteSetPass],
    ] as const) {
      const { rate, limit } = measure(pass, f, totalMs);
      console.log(
        JSON.stringify({
          bench: `consensus.votes.${name}.precommits.${n}vals`,
          value: Math.round(rate),
          unit: 'votes/s',
          limit: Math.round(limit),
          ratio: round(rate / limit),
          limit_is: 'node:crypto Ed25519 verify/s, prepared keys, same sign bytes',
        }),
      );
    }
  }
});
