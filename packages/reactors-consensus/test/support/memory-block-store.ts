/** A BlockStore kept in memory (the on-disk one is @cometts/store's); it outlives simulated crashes. */
import type { Block, Commit, ExtendedCommit, PartSet } from '@cometts/types';
import type { BlockStore } from '../../src/driver/ports.js';

export class MemoryBlockStore implements BlockStore {
  private readonly blocks = new Map<bigint, Block>();
  private readonly seen = new Map<bigint, Commit>();
  private readonly commits = new Map<bigint, Commit>();
  private readonly extended = new Map<bigint, ExtendedCommit>();
  private top = 0n;
  private bottom = 0n;

  base(): bigint {
    return this.bottom;
  }

  height(): bigint {
    return this.top;
  }

  async saveBlock(block: Block, _parts: PartSet, seenCommit: Commit, extendedCommit?: ExtendedCommit): Promise<void> {
    const h = block.header.height;
    if (this.top !== 0n && h !== this.top + 1n) throw new Error(`cannot save block ${h} on top of ${this.top}`);
    this.blocks.set(h, block);
    this.seen.set(h, seenCommit);
    if (block.lastCommit !== undefined && h > 1n) this.commits.set(h - 1n, block.lastCommit);
    if (extendedCommit !== undefined) this.extended.set(h, extendedCommit);
    if (this.bottom === 0n) this.bottom = h;
    this.top = h;
  }

  async loadBlock(height: bigint): Promise<Block | undefined> {
    return this.blocks.get(height);
  }

  async loadSeenCommit(height: bigint): Promise<Commit | undefined> {
    return this.seen.get(height);
  }

  async loadBlockCommit(height: bigint): Promise<Commit | undefined> {
    return this.commits.get(height);
  }

  async loadExtendedCommit(height: bigint): Promise<ExtendedCommit | undefined> {
    return this.extended.get(height);
  }
}
