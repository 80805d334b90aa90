/**
 * The statesync messages (tendermint.statesync) of channels 0x60 (snapshots)
 * and 0x61 (chunks). v0.38 has no light-block or params channels: state sync
 * gets light blocks over RPC.
 */
import { f, message, oneof, type Infer } from '../proto/index.js';

/** Default statesync.max_snapshot_chunks (a config bound the reactor checks). */
export const DEFAULT_MAX_SNAPSHOT_CHUNKS = 100000;

export const SnapshotsRequest = message('SnapshotsRequest', {});
export type SnapshotsRequest = Infer<typeof SnapshotsRequest>;

export const SnapshotsResponse = message(
  'SnapshotsResponse',
  {
    height: f.uint64(1),
    format: f.uint32(2),
    chunks: f.uint32(3),
    hash: f.bytes(4),
    metadata: f.bytes(5),
  },
  [
    ['snapshot height must not be 0', (m) => m.height !== 0n, ['height']],
    ['snapshot must have a hash', (m) => m.hash.length > 0, ['hash']],
    ['snapshot must have chunks', (m) => m.chunks !== 0, ['chunks']],
  ],
);
export type SnapshotsResponse = Infer<typeof SnapshotsResponse>;

export const ChunkRequest = message(
  'ChunkRequest',
  { height: f.uint64(1), format: f.uint32(2), index: f.uint32(3) },
  [['chunk request height must not be 0', (m) => m.height !== 0n, ['height']]],
);
export type ChunkRequest = Infer<typeof ChunkRequest>;

/**
 * `chunk` keeps its presence: a non-missing chunk must be on the wire, and
 * may be empty (then it is written with length 0).
 */
export const ChunkResponse = message(
  'ChunkResponse',
  {
    height: f.uint64(1),
    format: f.uint32(2),
    index: f.uint32(3),
    chunk: f.optionalBytes(4),
    missing: f.bool(5),
  },
  [
    ['chunk response height must not be 0', (m) => m.height !== 0n, ['height']],
    ['a missing chunk must have no contents', (m) => !m.missing || m.chunk === undefined || m.chunk.length === 0, ['chunk']],
    ['a chunk that is not missing must be present', (m) => m.missing || m.chunk !== undefined, ['chunk']],
  ],
);
export type ChunkResponse = Infer<typeof ChunkResponse>;

export const StatesyncMessage = oneof('StatesyncMessage', {
  snapshotsRequest: f.message(1, SnapshotsRequest, { nn: true }),
  snapshotsResponse: f.message(2, SnapshotsResponse, { nn: true }),
  chunkRequest: f.message(3, ChunkRequest, { nn: true }),
  chunkResponse: f.message(4, ChunkResponse, { nn: true }),
});
export type StatesyncMessage = Infer<typeof StatesyncMessage>;
