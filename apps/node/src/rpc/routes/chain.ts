/**
 * The chain routes: block, commit, validators and blockchain (rpc.md §4),
 * read from the block store and the state store with CometBFT's height
 * rules, pagination and error texts.
 */
import type { BlockStore } from '@cometts/store';
import type { ValidatorSet } from '@cometts/types';
import { blockIdJson, blockJson, blockMetaJson, commitJson, headerJson, validatorJson } from '../block-json.js';
import type { RouteTable } from '../dispatch.js';
import { RpcError, RPC_INTERNAL_ERROR } from '../json-rpc.js';
import type { RouteArgs } from '../params.js';

export interface ChainSource {
  readonly blockStore: BlockStore;
  loadValidators(height: bigint): Promise<ValidatorSet>;
  /** Block/state syncing: validators then default to the last block's height. */
  syncing(): boolean;
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;
const BLOCKCHAIN_LIMIT = 20n;

const fail = (message: string): never => {
  throw new RpcError(RPC_INTERNAL_ERROR, message);
};

/** getHeight: the given height checked against [base, latest], or latest. */
export function resolveHeight(latest: bigint, base: bigint, given: bigint | undefined): bigint {
  if (given === undefined) return latest;
  if (given <= 0n) fail(`height must be greater than 0, but got ${given}`);
  if (given > latest) fail(`height ${given} must be less than or equal to the current blockchain height ${latest}`);
  if (given < base) fail(`height ${given} is not available, lowest height is ${base}`);
  return given;
}

export function perPage(given: number | undefined): number {
  if (given === undefined || given < 1) return DEFAULT_PER_PAGE;
  return Math.min(given, MAX_PER_PAGE);
}

export function page(given: number | undefined, per: number, total: number): number {
  if (given === undefined) return 1;
  const pages = Math.max(1, Math.floor((total - 1) / per) + 1);
  if (given <= 0 || given > pages) fail(`page should be within [1, ${pages}] range, given ${given}`);
  return given;
}

/** filterMinMax: newest `limit` heights within [base, height] and [min, max]. */
export function blockchainRange(base: bigint, height: bigint, min: bigint, max: bigint): [bigint, bigint] {
  if (min < 0n || max < 0n) fail('heights must be non-negative');
  if (min === 0n) min = 1n;
  if (max === 0n) max = height;
  if (height < max) max = height;
  if (min < base) min = base;
  if (min < max - BLOCKCHAIN_LIMIT + 1n) min = max - BLOCKCHAIN_LIMIT + 1n;
  if (min > max) fail(`min height ${min} can't be greater than max height ${max}`);
  return [min, max];
}

const ZERO_BLOCK_ID = { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } };

const heightArg = (args: RouteArgs) => args.height as bigint | undefined;
const withHeight = (args: RouteArgs) => args.height !== undefined;

export function chainRoutes(source: ChainSource): RouteTable {
  const store = source.blockStore;
  return {
    block: {
      params: [{ name: 'height', kind: 'int64' }],
      cacheable: withHeight,
      handler: async (args) => {
        const height = resolveHeight(store.height(), store.base(), heightArg(args));
        const meta = await store.loadBlockMeta(height);
        if (meta === undefined) return { block_id: blockIdJson(ZERO_BLOCK_ID), block: null };
        const block = await store.loadBlock(height);
        return { block_id: blockIdJson(meta.blockId), block: block === undefined ? null : blockJson(block) };
      },
    },
    commit: {
      params: [{ name: 'height', kind: 'int64' }],
      cacheable: withHeight,
      handler: async (args) => {
        const latest = store.height();
        const height = resolveHeight(latest, store.base(), heightArg(args));
        const meta = await store.loadBlockMeta(height);
        if (meta === undefined) return null;
        const header = headerJson(meta.header);
        // The latest block's commit is our own +2/3 precommits (no block carries it yet).
        if (height === latest) {
          const seen = await store.loadSeenCommit(height);
          if (seen !== undefined && seen.height === height) return { signed_header: { header, commit: commitJson(seen) }, canonical: false };
        }
        const commit = await store.loadBlockCommit(height);
        return commit === undefined ? null : { signed_header: { header, commit: commitJson(commit) }, canonical: true };
      },
    },
    validators: {
      params: [
        { name: 'height', kind: 'int64' },
        { name: 'page', kind: 'int' },
        { name: 'per_page', kind: 'int' },
      ],
      cacheable: withHeight,
      handler: async (args) => {
        const latest = source.syncing() ? store.height() : store.height() + 1n;
        const height = resolveHeight(latest, store.base(), heightArg(args));
        const set = await source.loadValidators(height);
        const total = set.size;
        const per = perPage(args.per_page as number | undefined);
        const p = page(args.page as number | undefined, per, total);
        const slice = set.validators.slice((p - 1) * per, p * per);
        return { block_height: String(height), validators: slice.map(validatorJson), count: String(slice.length), total: String(total) };
      },
    },
    blockchain: {
      params: [
        { name: 'minHeight', kind: 'int64' },
        { name: 'maxHeight', kind: 'int64' },
      ],
      cacheable: () => true,
      handler: async (args) => {
        const height = store.height();
        const [min, max] = blockchainRange(store.base(), height, (args.minHeight as bigint | undefined) ?? 0n, (args.maxHeight as bigint | undefined) ?? 0n);
        const metas = [];
        for (let h = max; h >= min; h--) {
          const meta = await store.loadBlockMeta(h);
          if (meta !== undefined) metas.push(blockMetaJson(meta));
        }
        return { last_height: String(height), block_metas: metas };
      },
    },
  };
}
