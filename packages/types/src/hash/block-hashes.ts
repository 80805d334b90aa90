/**
 * The hashes a header commits to, besides the validator-set hash (in
 * ../validators): data_hash, last_commit_hash, consensus_hash,
 * last_results_hash and evidence_hash.
 */
import { sha256 } from '../crypto/hash.js';
import { merkleRoot } from '../crypto/merkle.js';
import { CommitSig, type Commit } from '../messages/commit.js';
import { DuplicateVoteEvidence, LightClientAttackEvidence, type Evidence } from '../messages/evidence.js';
import { HashedParams, hashedParamsOf, type ConsensusParams } from '../messages/params.js';
import { ExecTxResult, deterministicExecTxResult } from '../messages/abci-results.js';

/** A transaction's hash (its key in the mempool cache and tx index): sha256(tx). */
export function txHash(tx: Uint8Array): Uint8Array {
  return sha256(tx);
}

/** Data.Hash: Merkle root over sha256 of each tx. */
export function dataHash(txs: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(txs.map(txHash));
}

/** Commit.Hash (a header's last_commit_hash): Merkle root over proto(CommitSig) of each signature. */
export function commitHash(commit: Pick<Commit, 'signatures'>): Uint8Array {
  return merkleRoot(commit.signatures.map((s) => CommitSig.encode(s)));
}

/** ConsensusParams.Hash: sha256(proto(HashedParams{block.max_bytes, block.max_gas})) — not a Merkle root. */
export function consensusParamsHash(params: ConsensusParams): Uint8Array {
  return sha256(HashedParams.encode(hashedParamsOf(params)));
}

/** The results hash: Merkle root over proto of each result's deterministic part {code, data, gas_wanted, gas_used}. */
export function lastResultsHash(results: readonly ExecTxResult[]): Uint8Array {
  return merkleRoot(results.map((r) => ExecTxResult.encode(deterministicExecTxResult(r))));
}

/** Evidence.Bytes(): the proto of the evidence itself, not of the Evidence oneof wrapper. */
export function evidenceBytes(evidence: Evidence): Uint8Array {
  return evidence.case === 'duplicateVoteEvidence'
    ? DuplicateVoteEvidence.encode(evidence.value)
    : LightClientAttackEvidence.encode(evidence.value);
}

/** EvidenceList.Hash (a header's evidence_hash): Merkle root over each evidence's bytes; sha256("") when empty. */
export function evidenceHash(evidence: readonly Evidence[]): Uint8Array {
  return merkleRoot(evidence.map(evidenceBytes));
}
