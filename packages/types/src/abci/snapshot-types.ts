/** ABCI 2.0 state-sync snapshot requests/responses (v0.38 field numbers). */
import { f, message, type Infer } from '../proto/index.js';
import { Snapshot } from './common.js';
import { packedUint32 } from './packed-uint32.js';

export const ListSnapshotsRequest = message('RequestListSnapshots', {});
export type ListSnapshotsRequest = Infer<typeof ListSnapshotsRequest>;

export const ListSnapshotsResponse = message('ResponseListSnapshots', {
  snapshots: f.repeated(f.message(1, Snapshot, { nn: true })),
});
export type ListSnapshotsResponse = Infer<typeof ListSnapshotsResponse>;

export const OfferSnapshotRequest = message('RequestOfferSnapshot', {
  snapshot: f.message(1, Snapshot),
  appHash: f.bytes(2),
});
export type OfferSnapshotRequest = Infer<typeof OfferSnapshotRequest>;

export const OfferSnapshotResponse = message('ResponseOfferSnapshot', { result: f.enumeration(1) });
export type OfferSnapshotResponse = Infer<typeof OfferSnapshotResponse>;

export const LoadSnapshotChunkRequest = message('RequestLoadSnapshotChunk', {
  height: f.uint64(1),
  format: f.uint32(2),
  chunk: f.uint32(3),
});
export type LoadSnapshotChunkRequest = Infer<typeof LoadSnapshotChunkRequest>;

export const LoadSnapshotChunkResponse = message('ResponseLoadSnapshotChunk', { chunk: f.bytes(1) });
export type LoadSnapshotChunkResponse = Infer<typeof LoadSnapshotChunkResponse>;

export const ApplySnapshotChunkRequest = message('RequestApplySnapshotChunk', {
  index: f.uint32(1),
  chunk: f.bytes(2),
  sender: f.string(3),
});
export type ApplySnapshotChunkRequest = Infer<typeof ApplySnapshotChunkRequest>;

export const ApplySnapshotChunkResponse = message('ResponseApplySnapshotChunk', {
  result: f.enumeration(1),
  refetchChunks: packedUint32(2),
  rejectSenders: f.repeated(f.string(3)),
});
export type ApplySnapshotChunkResponse = Infer<typeof ApplySnapshotChunkResponse>;
