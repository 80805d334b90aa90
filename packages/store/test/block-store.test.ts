import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Block, BlockID, BlockIDFlag, Commit, ExtendedCommit, PartSet } from '@cometts/types';
import { BlockStore, InvalidBlockSaveError, InvalidPruneError, openDiskDb, openMemoryDb, type LevelDb } from '../src/index.js';
import { chain, extendedCommitFor, makeBlock } from './fixtures.js';

async function allKeys(db: LevelDb): Promise<string[]> {
  const out: string[] = [];
  for await (const key of db.keys({ keyEncoding: 'utf8' })) out.push(key as string);
  return out;
}

describe('BlockStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('starts empty', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    expect([store.base(), store.height(), store.size()]).toEqual([0n, 0n, 0n]);
    expect(await store.loadBlock(1n)).toBeUndefined();
    expect(await store.loadSeenCommit(1n)).toBeUndefined();
  });

  it('round-trips blocks, parts, metas, hashes and commits', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    const blocks = chain(1n, 3);
    for (const b of blocks) await store.saveBlock(b.block, b.parts, b.seen);
    expect([store.base(), store.height(), store.size()]).toEqual([1n, 3n, 3n]);
    for (const [i, b] of blocks.entries()) {
      const h = BigInt(i + 1);
      expect(Block.encode((await store.loadBlock(h))!)).toEqual(Block.encode(b.block));
      expect(Block.encode((await store.loadBlockByHash(b.blockId.hash))!)).toEqual(Block.encode(b.block));
      const meta = (await store.loadBlockMeta(h))!;
      expect(BlockID.encode(meta.blockId)).toEqual(BlockID.encode(b.blockId));
      expect(meta.numTxs).toBe(1n);
      expect(meta.blockSize).toBe(BigInt(b.parts.byteSize));
      expect((await store.loadBlockMetaByHash(b.blockId.hash))!.header.height).toBe(h);
      expect(Commit.encode((await store.loadSeenCommit(h))!)).toEqual(Commit.encode(b.seen));
      expect(Buffer.from((await store.loadBlockPart(h, 0))!.bytes).equals(b.parts.getPart(0)!.bytes)).toBe(true);
    }
    // C:h is the last_commit carried by block h+1; the top height has none yet.
    expect(Commit.encode((await store.loadBlockCommit(1n))!)).toEqual(Commit.encode(blocks[0]!.seen));
    expect(Commit.encode((await store.loadBlockCommit(2n))!)).toEqual(Commit.encode(blocks[1]!.seen));
    expect(await store.loadBlockCommit(3n)).toBeUndefined();
    expect(await store.loadBlockCommit(0n)).toBeUndefined();
    expect(await store.loadBlockByHash(new Uint8Array(32))).toBeUndefined();
  });

  it('stores multi-part blocks and extended commits', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    const b = makeBlock(1n, undefined, 150_000);
    expect(b.parts.total).toBe(3);
    const ext = extendedCommitFor(b.seen);
    await store.saveBlock(b.block, b.parts, b.seen, ext);
    expect(Block.encode((await store.loadBlock(1n))!)).toEqual(Block.encode(b.block));
    expect(ExtendedCommit.encode((await store.loadExtendedCommit(1n))!)).toEqual(ExtendedCommit.encode(ext));
    expect((await store.loadBlockPart(1n, 2))!.index).toBe(2);
    expect(await store.loadBlockPart(1n, 3)).toBeUndefined();
  });

  it('starts at any height and then refuses gaps', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    const blocks = chain(5n, 3);
    await store.saveBlock(blocks[0]!.block, blocks[0]!.parts, blocks[0]!.seen);
    expect([store.base(), store.height()]).toEqual([5n, 5n]);
    await expect(store.saveBlock(blocks[2]!.block, blocks[2]!.parts, blocks[2]!.seen)).rejects.toThrow(InvalidBlockSaveError);
    await expect(store.saveBlock(blocks[0]!.block, blocks[0]!.parts, blocks[0]!.seen)).rejects.toThrow(/contiguous/);
    expect(store.height()).toBe(5n);
  });

  it('refuses incomplete part sets and mismatched commits', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    const b = makeBlock(1n, undefined);
    const partial = PartSet.fromHeader(b.parts.header());
    await expect(store.saveBlock(b.block, partial, b.seen)).rejects.toThrow(/not complete/);
    await expect(store.saveBlock(b.block, b.parts, { ...b.seen, height: 2n })).rejects.toThrow(/seen commit height/);
    await expect(store.saveBlock(b.block, b.parts, b.seen, { ...extendedCommitFor(b.seen), height: 3n })).rejects.toThrow(/extended commit/);
    expect(store.height()).toBe(0n);
  });

  it('writes a block atomically: a batch that fails leaves nothing behind', async () => {
    const db = await openMemoryDb();
    const store = await BlockStore.open(db);
    let fail = true;
    db.hooks.prewrite.add((op: { key: string }) => {
      if (fail && op.key.startsWith('SC:')) throw new Error('injected write failure');
    });
    const b = makeBlock(1n, undefined, 150_000);
    await expect(store.saveBlock(b.block, b.parts, b.seen)).rejects.toThrow();
    expect(await allKeys(db)).toEqual([]);
    expect(store.height()).toBe(0n);
    fail = false;
    await store.saveBlock(b.block, b.parts, b.seen);
    expect(store.height()).toBe(1n);
    expect((await BlockStore.open(db)).height()).toBe(1n);
  });

  it('prunes below a height and moves the base', async () => {
    const db = await openMemoryDb();
    const store = await BlockStore.open(db);
    const blocks = chain(1n, 6);
    for (const b of blocks) await store.saveBlock(b.block, b.parts, b.seen);
    const result = await store.pruneBlocks(4n);
    expect(result).toEqual({ pruned: 3n, evidencePoint: 4n });
    expect([store.base(), store.height(), store.size()]).toEqual([4n, 6n, 3n]);
    for (const h of [1n, 2n, 3n]) {
      expect(await store.loadBlock(h)).toBeUndefined();
      expect(await store.loadBlockMeta(h)).toBeUndefined();
      expect(await store.loadSeenCommit(h)).toBeUndefined();
      expect(await store.loadBlockCommit(h)).toBeUndefined();
    }
    expect(await store.loadBlockByHash(blocks[0]!.blockId.hash)).toBeUndefined();
    expect(await store.loadBlock(4n)).toBeDefined();
    const keys = await allKeys(db);
    expect(keys.filter((k) => /^(H|P|SC|BH):/.test(k) && /[:]([123])(:|$)/.test(k))).toEqual([]);
    expect((await BlockStore.open(db)).base()).toBe(4n);
    await expect(store.pruneBlocks(2n)).rejects.toThrow(InvalidPruneError);
    await expect(store.pruneBlocks(7n)).rejects.toThrow(/beyond the latest height/);
    await expect(store.pruneBlocks(0n)).rejects.toThrow(/greater than 0/);
    expect(await store.pruneBlocks(4n)).toEqual({ pruned: 0n, evidencePoint: 4n });
  });

  it('keeps headers and commits that evidence may still need', async () => {
    const store = await BlockStore.open(await openMemoryDb());
    for (const b of chain(1n, 6)) await store.saveBlock(b.block, b.parts, b.seen);
    const result = await store.pruneBlocks(5n, { evidenceExpired: (h) => h < 3n });
    expect(result).toEqual({ pruned: 4n, evidencePoint: 3n });
    expect(await store.loadBlockMeta(2n)).toBeUndefined();
    expect((await store.loadBlockMeta(3n))!.header.height).toBe(3n);
    expect(await store.loadBlockCommit(4n)).toBeDefined();
    expect(await store.loadBlock(3n)).toBeUndefined();
    expect(await store.loadSeenCommit(4n)).toBeUndefined();
  });

  it('reopens from disk (classic-level) with everything in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-blockstore-'));
    dirs.push(dir);
    const blocks = chain(1n, 3, 70_000);
    let db = await openDiskDb(join(dir, 'blockstore.db'));
    let store = await BlockStore.open(db);
    for (const b of blocks) await store.saveBlock(b.block, b.parts, b.seen);
    await store.pruneBlocks(2n);
    await db.close();
    db = await openDiskDb(join(dir, 'blockstore.db'));
    store = await BlockStore.open(db);
    expect([store.base(), store.height()]).toEqual([2n, 3n]);
    expect(Block.encode((await store.loadBlock(3n))!)).toEqual(Block.encode(blocks[2]!.block));
    expect((await store.loadSeenCommit(3n))!.signatures[0]!.blockIdFlag).toBe(BlockIDFlag.Commit);
    expect(await store.loadBlock(1n)).toBeUndefined();
    await db.close();
  });
});
