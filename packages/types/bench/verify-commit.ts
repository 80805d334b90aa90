// verifyCommit throughput in signatures/s against the physical limit: raw
// node:crypto Ed25519 verification of the same sign bytes and signatures
// with prepared KeyObjects, measured in the same run.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CommitSignBytes, verifyCommit } from '../src/index.js';
import { CHAIN_ID, blockIdOf, makeCommit, makeValidators } from '../test/validators/fixtures.js';
import { interleaved, report } from './measure.js';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MS = 3000;

for (const n of [100, 150]) {
  const { set, keys } = makeValidators(Array.from({ length: n }, (_, i) => BigInt(1 + (i % 7))));
  const blockId = blockIdOf(`bench-${n}`);
  const commit = makeCommit(set, keys, 1000n, 0, blockId);

  // The limit: exactly the Ed25519 verifications verifyCommit must do, nothing else.
  const builder = new CommitSignBytes(CHAIN_ID, commit.height, commit.round, commit.blockId);
  const jobs: [KeyObject, Uint8Array, Uint8Array][] = commit.signatures.map((sig, i) => [
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, set.validators[i]!.pubKey.value]), format: 'der', type: 'spki' }),
    builder.signBytes(sig.blockIdFlag, sig.timestamp),
    sig.signature,
  ]);
  const raw = () => {
    for (const [key, msg, sig] of jobs) if (!verify(null, msg, key, sig)) throw new Error('raw verify failed');
  };
  const full = () => verifyCommit(CHAIN_ID, set, blockId, 1000n, commit);

  const { value, limit } = interleaved(full, raw, MS, n);
  report(`types.verifyCommit.${n}vals`, value, 'sigs/s', limit);
}
