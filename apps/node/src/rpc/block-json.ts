/**
 * cmtjson shapes of blocks and their parts (rpc.md §2): int64 as strings,
 * hashes and addresses uppercase hex, signatures and txs base64 (empty
 * bytes → null, as Go's nil slices), RFC 3339 nanosecond UTC times.
 */
import {
  formatRFC3339Nano,
  pubKeyToJson,
  type Block,
  type BlockID,
  type Commit,
  type CommitSig,
  type Evidence,
  type Header,
  type LightBlock,
  type ValidatorProto,
  type Vote,
} from '@cometts/types';
import { toHexUpper } from '../home/cmtjson.js';

const b64OrNull = (bytes: Uint8Array): string | null => (bytes.length === 0 ? null : Buffer.from(bytes).toString('base64'));

export function blockIdJson(id: BlockID) {
  return { hash: toHexUpper(id.hash), parts: { total: id.partSetHeader.total, hash: toHexUpper(id.partSetHeader.hash) } };
}

export function headerJson(h: Header) {
  const version: { block?: string; app?: string } = {};
  if (h.version.block !== 0n) version.block = String(h.version.block);
  if (h.version.app !== 0n) version.app = String(h.version.app);
  return {
    version,
    chain_id: h.chainId,
    height: String(h.height),
    time: formatRFC3339Nano(h.time),
    last_block_id: blockIdJson(h.lastBlockId),
    last_commit_hash: toHexUpper(h.lastCommitHash),
    data_hash: toHexUpper(h.dataHash),
    validators_hash: toHexUpper(h.validatorsHash),
    next_validators_hash: toHexUpper(h.nextValidatorsHash),
    consensus_hash: toHexUpper(h.consensusHash),
    app_hash: toHexUpper(h.appHash),
    last_results_hash: toHexUpper(h.lastResultsHash),
    evidence_hash: toHexUpper(h.evidenceHash),
    proposer_address: toHexUpper(h.proposerAddress),
  };
}

function commitSigJson(s: CommitSig) {
  return {
    block_id_flag: s.blockIdFlag,
    validator_address: toHexUpper(s.validatorAddress),
    timestamp: formatRFC3339Nano(s.timestamp),
    signature: b64OrNull(s.signature),
  };
}

export function commitJson(c: Commit) {
  return { height: String(c.height), round: c.round, block_id: blockIdJson(c.blockId), signatures: c.signatures.map(commitSigJson) };
}

export function voteJson(v: Vote) {
  return {
    type: v.type,
    height: String(v.height),
    round: v.round,
    block_id: blockIdJson(v.blockId),
    timestamp: formatRFC3339Nano(v.timestamp),
    validator_address: toHexUpper(v.validatorAddress),
    validator_index: v.validatorIndex,
    signature: b64OrNull(v.signature),
    extension: b64OrNull(v.extension),
    extension_signature: b64OrNull(v.extensionSignature),
  };
}

export function validatorJson(v: ValidatorProto) {
  return {
    address: toHexUpper(v.address),
    pub_key: pubKeyToJson(v.pubKey),
    voting_power: String(v.votingPower),
    proposer_priority: String(v.proposerPriority),
  };
}

function lightBlockJson(lb: LightBlock) {
  const sh = lb.signedHeader;
  const vs = lb.validatorSet;
  return {
    signed_header: sh === undefined ? null : { header: sh.header ? headerJson(sh.header) : null, commit: sh.commit ? commitJson(sh.commit) : null },
    validator_set: vs === undefined ? null : { validators: vs.validators.map(validatorJson), proposer: vs.proposer ? validatorJson(vs.proposer) : null },
  };
}

export function evidenceJson(e: Evidence) {
  if (e.case === 'duplicateVoteEvidence') {
    const d = e.value;
    return {
      type: 'tendermint/DuplicateVoteEvidence',
      value: {
        vote_a: d.voteA ? voteJson(d.voteA) : null,
        vote_b: d.voteB ? voteJson(d.voteB) : null,
        TotalVotingPower: String(d.totalVotingPower),
        ValidatorPower: String(d.validatorPower),
        Timestamp: formatRFC3339Nano(d.timestamp),
      },
    };
  }
  const l = e.value;
  return {
    type: 'tendermint/LightClientAttackEvidence',
    value: {
      conflicting_block: l.conflictingBlock ? lightBlockJson(l.conflictingBlock) : null,
      common_height: String(l.commonHeight),
      byzantine_validators: l.byzantineValidators.map(validatorJson),
      total_voting_power: String(l.totalVotingPower),
      timestamp: formatRFC3339Nano(l.timestamp),
    },
  };
}

/** The last commit of the initial block is the empty commit. */
const EMPTY_COMMIT: Commit = {
  height: 0n,
  round: 0,
  blockId: { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } },
  signatures: [],
};

export function blockJson(b: Block) {
  return {
    header: headerJson(b.header),
    data: { txs: b.data.txs.map((tx) => Buffer.from(tx).toString('base64')) },
    evidence: { evidence: b.evidence.evidence.map(evidenceJson) },
    last_commit: commitJson(b.lastCommit ?? EMPTY_COMMIT),
  };
}

export function blockMetaJson(meta: { blockId: BlockID; blockSize: bigint; header: Header; numTxs: bigint }) {
  return { block_id: blockIdJson(meta.blockId), block_size: String(meta.blockSize), header: headerJson(meta.header), num_txs: String(meta.numTxs) };
}
