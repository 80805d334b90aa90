/** Address picks and selections of pex.md §6, sampling the table's flat lists (no full scans). */
import type { NetAddress } from '@cometts/types';
import { randomInt, shuffleInPlace, type RandomSource } from '../clock.js';
import type { BucketTable } from './bucket-table.js';
import type { KnownAddress } from './known-address.js';
import { GET_SELECTION_PERCENT, MAX_GET_SELECTION, MIN_GET_SELECTION } from './params.js';

const clampPercent = (bias: number): number => (Number.isNaN(bias) ? 0 : Math.min(100, Math.max(0, bias)));

/** n = min(250, max(min(32, size), ⌊size·23/100⌋)). */
export function selectionSize(size: number): number {
  return Math.min(MAX_GET_SELECTION, Math.max(Math.min(MIN_GET_SELECTION, size), Math.floor((size * GET_SELECTION_PERCENT) / 100)));
}

/** n distinct indices in [0, total), in random order (Floyd's algorithm, then a shuffle). */
export function sampleIndices(total: number, n: number, random: RandomSource): number[] {
  const count = Math.min(n, total);
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j++) {
    const t = randomInt(random, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return shuffleInPlace([...chosen], random);
}

/** Old side with weight √nOld·(100−bias), new side with √nNew·bias; then a random non-empty bucket. */
export function pickAddress(table: BucketTable, biasTowardsNew: number, random: RandomSource): KnownAddress | undefined {
  if (table.size === 0) return undefined;
  const bias = clampPercent(biasTowardsNew);
  const oldWeight = Math.sqrt(table.nOld) * (100 - bias);
  const newWeight = Math.sqrt(table.nNew) * bias;
  const fromOld = (oldWeight + newWeight) * random() < oldWeight;
  return (fromOld ? table.oldSide : table.newSide).pick(random);
}

/** A uniform random sample of selectionSize(size) known addresses. */
export function getSelection(table: BucketTable, random: RandomSource): NetAddress[] {
  const newList = table.newSide.list;
  const oldList = table.oldSide.list;
  const total = newList.length + oldList.length;
  if (total === 0) return [];
  return sampleIndices(total, selectionSize(total), random).map((i) => (i < newList.length ? newList[i]! : oldList[i - newList.length]!).addr);
}

function sampleFrom(list: readonly KnownAddress[], n: number, random: RandomSource): NetAddress[] {
  return sampleIndices(list.length, n, random).map((i) => list[i]!.addr);
}

/**
 * Seeds' selection: at least round(bias% · n) new addresses (more if there are
 * not enough old ones), the rest old.
 */
export function getSelectionWithBias(table: BucketTable, biasTowardsNew: number, random: RandomSource): NetAddress[] {
  const total = table.size;
  if (total === 0) return [];
  const n = selectionSize(total);
  const needNew = Math.max(Math.round((clampPercent(biasTowardsNew) / 100) * n), n - table.nOld);
  const selection = sampleFrom(table.newSide.list, needNew, random);
  selection.push(...sampleFrom(table.oldSide.list, n - selection.length, random));
  return selection;
}
