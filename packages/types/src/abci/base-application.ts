/**
 * BaseApplication: CometBFT's default answers for every ABCI method, to
 * extend when an application only cares about a few of them. It accepts
 * every tx and proposal, includes txs in a proposal up to max_tx_bytes, and
 * has no state, snapshots or vote extensions.
 */
import type { Application } from './application.js';
import { ExecTxResult } from '../messages/abci-results.js';
import { CODE_TYPE_OK, ProcessProposalStatus, VerifyVoteExtensionStatus } from './enums.js';
import {
  CheckTxResponse,
  CommitResponse,
  InfoResponse,
  InitChainResponse,
  QueryResponse,
  type CheckTxRequest,
  type CommitRequest,
  type InfoRequest,
  type InitChainRequest,
  type QueryRequest,
} from './info-types.js';
import {
  ExtendVoteResponse,
  FinalizeBlockResponse,
  type ExtendVoteRequest,
  type FinalizeBlockRequest,
  type PrepareProposalRequest,
  type PrepareProposalResponse,
  type ProcessProposalRequest,
  type ProcessProposalResponse,
  type VerifyVoteExtensionRequest,
  type VerifyVoteExtensionResponse,
} from './block-types.js';
import {
  ApplySnapshotChunkResponse,
  ListSnapshotsResponse,
  LoadSnapshotChunkResponse,
  OfferSnapshotResponse,
  type ApplySnapshotChunkRequest,
  type ListSnapshotsRequest,
  type LoadSnapshotChunkRequest,
  type OfferSnapshotRequest,
} from './snapshot-types.js';

export class BaseApplication implements Application {
  async info(_req: InfoRequest) {
    return InfoResponse.create();
  }

  async query(_req: QueryRequest) {
    return QueryResponse.create({ code: CODE_TYPE_OK });
  }

  async checkTx(_req: CheckTxRequest) {
    return CheckTxResponse.create({ code: CODE_TYPE_OK });
  }

  async initChain(_req: InitChainRequest) {
    return InitChainResponse.create();
  }

  /** Keeps txs in order while their total size stays within max_tx_bytes. */
  async prepareProposal(req: PrepareProposalRequest): Promise<PrepareProposalResponse> {
    const txs: Uint8Array[] = [];
    let total = 0n;
    for (const tx of req.txs) {
      total += BigInt(tx.length);
      if (total > req.maxTxBytes) break;
      txs.push(tx);
    }
    return { txs };
  }

  async processProposal(_req: ProcessProposalRequest): Promise<ProcessProposalResponse> {
    return { status: ProcessProposalStatus.Accept };
  }

  async extendVote(_req: ExtendVoteRequest) {
    return ExtendVoteResponse.create();
  }

  async verifyVoteExtension(_req: VerifyVoteExtensionRequest): Promise<VerifyVoteExtensionResponse> {
    return { status: VerifyVoteExtensionStatus.Accept };
  }

  async finalizeBlock(req: FinalizeBlockRequest) {
    return FinalizeBlockResponse.create({ txResults: req.txs.map(() => ExecTxResult.create({ code: CODE_TYPE_OK })) });
  }

  async commit(_req: CommitRequest) {
    return CommitResponse.create();
  }

  async listSnapshots(_req: ListSnapshotsRequest) {
    return ListSnapshotsResponse.create();
  }

  async offerSnapshot(_req: OfferSnapshotRequest) {
    return OfferSnapshotResponse.create();
  }

  async loadSnapshotChunk(_req: LoadSnapshotChunkRequest) {
    return LoadSnapshotChunkResponse.create();
  }

  async applySnapshotChunk(_req: ApplySnapshotChunkRequest) {
    return ApplySnapshotChunkResponse.create();
  }
}
