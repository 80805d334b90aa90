/**
 * Block (tendermint.types.Block): what blocksync sends and what a proposal's
 * parts reassemble into. The rules are BlockFromProto + Block.ValidateBasic
 * minus the hash cross-checks (last_commit_hash, data_hash, evidence_hash
 * against the contents), which need the merkle code and belong to the block
 * domain type.
 */
import { f, message, type Infer } from '../proto/index.js';
import { Commit } from './commit.js';
import { EvidenceList } from './evidence.js';
import { Data, Header } from './header.js';
import { headerBasicRules } from './header-rules.js';

export const Block = message(
  'Block',
  {
    header: f.message(1, Header, { nn: true }),
    data: f.message(2, Data, { nn: true }),
    evidence: f.message(3, EvidenceList, { nn: true }),
    lastCommit: f.message(4, Commit),
  },
  [
    ...headerBasicRules<{ header: Header }>((b) => b.header, ['header']),
    // Even the first block carries an (empty) last commit; only test fixtures omit it.
    ['block must have a last commit', (b) => b.lastCommit !== undefined, ['lastCommit']],
  ],
);
export type Block = Infer<typeof Block>;
