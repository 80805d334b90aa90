/** ABCI 2.0 Info, InitChain, Query, CheckTx and Commit requests/responses (v0.38 field numbers). */
import { f, message, type Infer } from '../proto/index.js';
import { timestampField } from '../messages/timestamp.js';
import { ConsensusParams, ConsensusParamsUpdate } from '../messages/params.js';
import { Event } from '../messages/abci-results.js';
import { ProofOps, ValidatorUpdate } from './common.js';

export const InfoRequest = message('RequestInfo', {
  version: f.string(1),
  blockVersion: f.uint64(2),
  p2pVersion: f.uint64(3),
  abciVersion: f.string(4),
});
export type InfoRequest = Infer<typeof InfoRequest>;

export const InfoResponse = message('ResponseInfo', {
  data: f.string(1),
  version: f.string(2),
  appVersion: f.uint64(3),
  lastBlockHeight: f.int64(4),
  lastBlockAppHash: f.bytes(5),
});
export type InfoResponse = Infer<typeof InfoResponse>;

export const InitChainRequest = message('RequestInitChain', {
  time: timestampField(1),
  chainId: f.string(2),
  consensusParams: f.message(3, ConsensusParams),
  validators: f.repeated(f.message(4, ValidatorUpdate, { nn: true })),
  appStateBytes: f.bytes(5),
  initialHeight: f.int64(6),
});
export type InitChainRequest = Infer<typeof InitChainRequest>;

export const InitChainResponse = message('ResponseInitChain', {
  consensusParams: f.message(1, ConsensusParamsUpdate),
  validators: f.repeated(f.message(2, ValidatorUpdate, { nn: true })),
  appHash: f.bytes(3),
});
export type InitChainResponse = Infer<typeof InitChainResponse>;

export const QueryRequest = message('RequestQuery', {
  data: f.bytes(1),
  path: f.string(2),
  height: f.int64(3),
  prove: f.bool(4),
});
export type QueryRequest = Infer<typeof QueryRequest>;

export const QueryResponse = message('ResponseQuery', {
  code: f.uint32(1),
  log: f.string(3),
  info: f.string(4),
  index: f.int64(5),
  key: f.bytes(6),
  value: f.bytes(7),
  proofOps: f.message(8, ProofOps),
  height: f.int64(9),
  codespace: f.string(10),
});
export type QueryResponse = Infer<typeof QueryResponse>;

export const CheckTxRequest = message('RequestCheckTx', { tx: f.bytes(1), type: f.enumeration(2) });
export type CheckTxRequest = Infer<typeof CheckTxRequest>;

export const CheckTxResponse = message('ResponseCheckTx', {
  code: f.uint32(1),
  data: f.bytes(2),
  log: f.string(3),
  info: f.string(4),
  gasWanted: f.int64(5),
  gasUsed: f.int64(6),
  events: f.repeated(f.message(7, Event, { nn: true })),
  codespace: f.string(8),
});
export type CheckTxResponse = Infer<typeof CheckTxResponse>;

export const CommitRequest = message('RequestCommit', {});
export type CommitRequest = Infer<typeof CommitRequest>;

export const CommitResponse = message('ResponseCommit', { retainHeight: f.int64(3) });
export type CommitResponse = Infer<typeof CommitResponse>;
