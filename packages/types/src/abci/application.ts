/**
 * The Application interface: ABCI 2.0 (CometBFT v0.38) as async methods.
 * Consensus calls initChain, prepareProposal, processProposal, extendVote,
 * verifyVoteExtension, finalizeBlock and commit; the mempool calls checkTx;
 * RPC and the handshake call info and query; state sync calls the snapshot
 * methods. A rejected promise is an application failure (the node halts),
 * not a "reject" answer — those are status codes in the responses.
 */
import type {
  CheckTxRequest,
  CheckTxResponse,
  CommitRequest,
  CommitResponse,
  InfoRequest,
  InfoResponse,
  InitChainRequest,
  InitChainResponse,
  QueryRequest,
  QueryResponse,
} from './info-types.js';
import type {
  ExtendVoteRequest,
  ExtendVoteResponse,
  FinalizeBlockRequest,
  FinalizeBlockResponse,
  PrepareProposalRequest,
  PrepareProposalResponse,
  ProcessProposalRequest,
  ProcessProposalResponse,
  VerifyVoteExtensionRequest,
  VerifyVoteExtensionResponse,
} from './block-types.js';
import type {
  ApplySnapshotChunkRequest,
  ApplySnapshotChunkResponse,
  ListSnapshotsRequest,
  ListSnapshotsResponse,
  LoadSnapshotChunkRequest,
  LoadSnapshotChunkResponse,
  OfferSnapshotRequest,
  OfferSnapshotResponse,
} from './snapshot-types.js';

export interface Application {
  // Info/query connection.
  info(req: InfoRequest): Promise<InfoResponse>;
  query(req: QueryRequest): Promise<QueryResponse>;
  // Mempool connection.
  checkTx(req: CheckTxRequest): Promise<CheckTxResponse>;
  // Consensus connection.
  initChain(req: InitChainRequest): Promise<InitChainResponse>;
  prepareProposal(req: PrepareProposalRequest): Promise<PrepareProposalResponse>;
  processProposal(req: ProcessProposalRequest): Promise<ProcessProposalResponse>;
  extendVote(req: ExtendVoteRequest): Promise<ExtendVoteResponse>;
  verifyVoteExtension(req: VerifyVoteExtensionRequest): Promise<VerifyVoteExtensionResponse>;
  finalizeBlock(req: FinalizeBlockRequest): Promise<FinalizeBlockResponse>;
  commit(req: CommitRequest): Promise<CommitResponse>;
  // Snapshot connection.
  listSnapshots(req: ListSnapshotsRequest): Promise<ListSnapshotsResponse>;
  offerSnapshot(req: OfferSnapshotRequest): Promise<OfferSnapshotResponse>;
  loadSnapshotChunk(req: LoadSnapshotChunkRequest): Promise<LoadSnapshotChunkResponse>;
  applySnapshotChunk(req: ApplySnapshotChunkRequest): Promise<ApplySnapshotChunkResponse>;
}
