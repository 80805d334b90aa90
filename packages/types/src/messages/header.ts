/** Header, Data and the consensus version (tendermint.types / tendermint.version). */
import { f, message, type Infer } from '../proto/index.js';
import { BlockID } from './block-id.js';
import { timestampField } from './timestamp.js';

export const ConsensusVersion = message('Consensus', { block: f.uint64(1), app: f.uint64(2) });
export type ConsensusVersion = Infer<typeof ConsensusVersion>;

export const MAX_CHAIN_ID_LENGTH = 50;
const hashOk = (h: Uint8Array) => h.length === 0 || h.length === 32;

export const Header = message(
  'Header',
  {
    version: f.message(1, ConsensusVersion, { nn: true }),
    chainId: f.string(2),
    height: f.int64(3),
    time: timestampField(4),
    lastBlockId: f.message(5, BlockID, { nn: true }),
    lastCommitHash: f.bytes(6),
    dataHash: f.bytes(7),
    validatorsHash: f.bytes(8),
    nextValidatorsHash: f.bytes(9),
    consensusHash: f.bytes(10),
    appHash: f.bytes(11),
    lastResultsHash: f.bytes(12),
    evidenceHash: f.bytes(13),
    proposerAddress: f.bytes(14),
  },
  [
    [`header chain_id must be at most ${MAX_CHAIN_ID_LENGTH} bytes`, (h) => Buffer.byteLength(h.chainId, 'utf8') <= MAX_CHAIN_ID_LENGTH, ['chainId']],
    ['header height must be >= 0', (h) => h.height >= 0n, ['height']],
    ['header last_commit_hash must be empty or 32 bytes', (h) => hashOk(h.lastCommitHash), ['lastCommitHash']],
    ['header data_hash must be empty or 32 bytes', (h) => hashOk(h.dataHash), ['dataHash']],
    ['header evidence_hash must be empty or 32 bytes', (h) => hashOk(h.evidenceHash), ['evidenceHash']],
    ['header proposer_address must be 20 bytes', (h) => h.height === 0n || h.proposerAddress.length === 20, ['proposerAddress']],
    ['header validators_hash must be empty or 32 bytes', (h) => hashOk(h.validatorsHash), ['validatorsHash']],
    ['header next_validators_hash must be empty or 32 bytes', (h) => hashOk(h.nextValidatorsHash), ['nextValidatorsHash']],
    ['header consensus_hash must be empty or 32 bytes', (h) => hashOk(h.consensusHash), ['consensusHash']],
    ['header last_results_hash must be empty or 32 bytes', (h) => hashOk(h.lastResultsHash), ['lastResultsHash']],
  ],
);
export type Header = Infer<typeof Header>;

export const Data = message('Data', { txs: f.repeated(f.bytes(1)) });
export type Data = Infer<typeof Data>;
