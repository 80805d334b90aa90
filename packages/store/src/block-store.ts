/**
 * BlockStore: blocks (as BlockMeta + parts), the commit each block carries
 * for its predecessor (C:h-1), our seen commit (SC:h), the extended commit
 * when vote extensions are on (EC:h) and a hash → height index, on an
 * abstract-level database with CometBFT's keys. Every save and every prune
 * step is one atomic batch that also carries the updated {base, height}.
 */
import {
  Block,
  Commit,
  ExtendedCommit,
  Part,
  headerHash,
  type PartSet,
  type Timestamp,
} from '@cometts/types';
import { BlockMeta, BlockStoreState, blockKeys } from './block-meta.js';
import { decodeStored, loadMessage } from './codec.js';
import { SerialQueue, getBytes, writeBatch, type LevelDb, type WriteOp } from './db.js';
import { InvalidBlockSaveError, InvalidPruneError, StoreCorruptionError } from './errors.js';

/** Heights deleted per batch when pruning (as upstream), so one batch stays small. */
const PRUNE_BATCH_HEIGHTS = 1000n;

export interface PruneOptions {
  /**
   * Whether evidence about the block at `height` (with header `time`) has
   * expired. Headers and commits from the first unexpired height on are kept
   * (they prove misbehaviour); without it everything below the retain height goes.
   */
  evidenceExpired?: (height: bigint, time: Timestamp) => boolean;
}

export interface PruneResult {
  /** Heights whose block was removed. */
  pruned: bigint;
  /** First height whose header and commit were kept for evidence (the retain height when none). */
  evidencePoint: bigint;
}

export class BlockStore {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly db: LevelDb,
    private baseHeight: bigint,
    private topHeight: bigint,
  ) {}

  /** Opens the block store kept in `db` (an empty store when it holds none). */
  static async open(db: LevelDb): Promise<BlockStore> {
    const state = await loadMessage(db, BlockStoreState, blockKeys.state);
    // A store with blocks but base 0 was written before base existed: base 1, as upstream.
    const base = state === undefined ? 0n : state.height > 0n && state.base === 0n ? 1n : state.base;
    return new BlockStore(db, base, state?.height ?? 0n);
  }

  /** Lowest stored height (0 when empty). */
  base(): bigint {
    return this.baseHeight;
  }

  /** Highest stored height (0 when empty). */
  height(): bigint {
    return this.topHeight;
  }

  /** Number of stored heights. */
  size(): bigint {
    return this.topHeight === 0n ? 0n : this.topHeight - this.baseHeight + 1n;
  }

  /**
   * Saves block, parts and seen commit (and the extended commit, when given)
   * in one batch, with the block's own last_commit as the commit of height − 1.
   * Heights must be contiguous; the part set must be complete.
   */
  saveBlock(block: Block, parts: PartSet, seenCommit: Commit, extendedCommit?: ExtendedCommit): Promise<void> {
    return this.queue.run(async () => {
      const height = block.header.height;
      if (this.baseHeight > 0n && height !== this.topHeight + 1n) {
        throw new InvalidBlockSaveError(`can only save contiguous blocks: wanted height ${this.topHeight + 1n}, got ${height}`);
      }
      if (height <= 0n) throw new InvalidBlockSaveError(`block height must be > 0, got ${height}`);
      if (!parts.isComplete()) throw new InvalidBlockSaveError('the part set is not complete');
      if (seenCommit.height !== height) throw new InvalidBlockSaveError(`seen commit height ${seenCommit.height} is not the block height ${height}`);
      if (extendedCommit !== undefined && extendedCommit.height !== height) {
        throw new InvalidBlockSaveError(`extended commit height ${extendedCommit.height} is not the block height ${height}`);
      }
      const hash = headerHash(block.header);
      if (hash === undefined) throw new InvalidBlockSaveError('block header has no validators hash, so no hash');
      const blockId = { hash, partSetHeader: parts.header() };
      const ops: WriteOp[] = [];
      for (let i = 0; i < parts.total; i++) ops.push({ type: 'put', key: blockKeys.part(height, i), value: Part.encode(parts.getPart(i)!) });
      const meta: BlockMeta = {
        blockId,
        blockSize: BigInt(parts.byteSize),
        header: block.header,
        numTxs: BigInt(block.data.txs.length),
      };
      ops.push({ type: 'put', key: blockKeys.meta(height), value: BlockMeta.encode(meta) });
      ops.push({ type: 'put', key: blockKeys.hash(hash), value: Buffer.from(height.toString(), 'ascii') });
      if (block.lastCommit !== undefined && block.lastCommit.height > 0n) {
        ops.push({ type: 'put', key: blockKeys.commit(height - 1n), value: Commit.encode(block.lastCommit) });
      }
      ops.push({ type: 'put', key: blockKeys.seenCommit(height), value: Commit.encode(seenCommit) });
      if (extendedCommit !== undefined) {
        ops.push({ type: 'put', key: blockKeys.extendedCommit(height), value: ExtendedCommit.encode(extendedCommit) });
      }
      const base = this.baseHeight === 0n ? height : this.baseHeight;
      ops.push({ type: 'put', key: blockKeys.state, value: BlockStoreState.encode({ base, height }) });
      await writeBatch(this.db, ops);
      this.baseHeight = base;
      this.topHeight = height;
    });
  }

  private inRange(height: bigint): boolean {
    return height >= this.baseHeight && height <= this.topHeight && height > 0n;
  }

  /** The block's meta (ID, size, header, tx count); headers kept for evidence stay readable below the base. */
  loadBlockMeta(height: bigint): Promise<BlockMeta | undefined> {
    if (height <= 0n) return Promise.resolve(undefined);
    return loadMessage(this.db, BlockMeta, blockKeys.meta(height));
  }

  async loadBlockMetaByHash(hash: Uint8Array): Promise<BlockMeta | undefined> {
    const height = await this.heightOfHash(hash);
    return height === undefined ? undefined : this.loadBlockMeta(height);
  }

  loadBlockPart(height: bigint, index: number): Promise<Part | undefined> {
    if (!this.inRange(height)) return Promise.resolve(undefined);
    return loadMessage(this.db, Part, blockKeys.part(height, index));
  }

  /** The block at `height`, reassembled from its parts; undefined when not stored. */
  async loadBlock(height: bigint): Promise<Block | undefined> {
    const meta = await this.loadBlockMeta(height);
    if (meta === undefined) return undefined;
    const total = meta.blockId.partSetHeader.total;
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < total; i++) {
      const part = await this.loadBlockPart(height, i);
      if (part === undefined) return undefined; // pruned concurrently, or only the header kept for evidence
      chunks.push(part.bytes);
    }
    return decodeStored(Block, blockKeys.meta(height), Buffer.concat(chunks));
  }

  async loadBlockByHash(hash: Uint8Array): Promise<Block | undefined> {
    const height = await this.heightOfHash(hash);
    return height === undefined ? undefined : this.loadBlock(height);
  }

  private async heightOfHash(hash: Uint8Array): Promise<bigint | undefined> {
    const key = blockKeys.hash(hash);
    const bytes = await getBytes(this.db, key);
    if (bytes === undefined) return undefined;
    const text = Buffer.from(bytes).toString('ascii');
    if (!/^[0-9]+$/.test(text)) throw new StoreCorruptionError(key, `height ${JSON.stringify(text)} is not a decimal number`);
    return BigInt(text);
  }

  /** The commit for `height` carried by block height + 1 (C:height). */
  loadBlockCommit(height: bigint): Promise<Commit | undefined> {
    return loadMessage(this.db, Commit, blockKeys.commit(height));
  }

  /** Our own +2/3 precommits for `height` (SC:height). */
  loadSeenCommit(height: bigint): Promise<Commit | undefined> {
    return loadMessage(this.db, Commit, blockKeys.seenCommit(height));
  }

  /** The extended commit for `height`, when extensions were enabled then (EC:height). */
  loadExtendedCommit(height: bigint): Promise<ExtendedCommit | undefined> {
    return loadMessage(this.db, ExtendedCommit, blockKeys.extendedCommit(height));
  }

  /**
   * Removes every block below `retainHeight` (parts, seen and extended
   * commits, hash index; headers and commits too unless kept for evidence)
   * and moves the base to `retainHeight`. Each step of up to 1000 heights is
   * one batch that also records the new base, so a crash leaves a consistent store.
   */
  pruneBlocks(retainHeight: bigint, options: PruneOptions = {}): Promise<PruneResult> {
    return this.queue.run(async () => {
      if (retainHeight <= 0n) throw new InvalidPruneError('height must be greater than 0');
      if (retainHeight > this.topHeight) throw new InvalidPruneError(`cannot prune beyond the latest height ${this.topHeight}`);
      if (retainHeight < this.baseHeight) {
        throw new InvalidPruneError(`cannot prune to height ${retainHeight}, it is lower than base height ${this.baseHeight}`);
      }
      let pruned = 0n;
      let evidencePoint = retainHeight;
      let ops: WriteOp[] = [];
      const flush = async (base: bigint) => {
        ops.push({ type: 'put', key: blockKeys.state, value: BlockStoreState.encode({ base, height: this.topHeight }) });
        await writeBatch(this.db, ops);
        this.baseHeight = base;
        ops = [];
      };
      for (let h = this.baseHeight; h < retainHeight; h++) {
        const meta = await loadMessage(this.db, BlockMeta, blockKeys.meta(h));
        if (meta === undefined) continue;
        const expired = options.evidenceExpired?.(h, meta.header.time) ?? true;
        if (evidencePoint === retainHeight && !expired) evidencePoint = h;
        if (h < evidencePoint) {
          ops.push({ type: 'del', key: blockKeys.meta(h) });
          ops.push({ type: 'del', key: blockKeys.commit(h) });
        }
        ops.push({ type: 'del', key: blockKeys.hash(meta.blockId.hash) });
        ops.push({ type: 'del', key: blockKeys.seenCommit(h) });
        ops.push({ type: 'del', key: blockKeys.extendedCommit(h) });
        for (let p = 0; p < meta.blockId.partSetHeader.total; p++) ops.push({ type: 'del', key: blockKeys.part(h, p) });
        pruned++;
        if (pruned % PRUNE_BATCH_HEIGHTS === 0n) await flush(h + 1n);
      }
      await flush(retainHeight);
      return { pruned, evidencePoint };
    });
  }
}
