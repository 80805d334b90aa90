/** Small helpers every step function shares: the effect sink, timeouts, block-hash tests. */
import { RoundStepType, bytesEqual, type Block, type CometError } from '@cometts/types';
import type { Effect, FullBlock, RoundState, RoundStep } from './types.js';

/** One apply() call: the state being changed and the effects produced so far. */
export interface Ctx {
  s: RoundState;
  out: Effect[];
}

export const Step = RoundStepType;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex (map keys for block hashes). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

/** True if `block` is present and has hash `hash` (upstream Block.HashesTo). */
export function hashesTo(block: FullBlock | undefined, hash: Uint8Array): boolean {
  return block !== undefined && hash.length > 0 && bytesEqual(block.hash, hash);
}

/** Sets round and step (updateRoundStep). */
export function setStep(ctx: Ctx, round: number, step: RoundStep): void {
  ctx.s.round = round;
  ctx.s.step = step;
}

/** newStep(): announces the current round state. */
export function newStep(ctx: Ctx): void {
  const s = ctx.s;
  ctx.out.push({ kind: 'roundStep', height: s.height, round: s.round, step: s.step, lastCommitRound: s.lastCommit?.round ?? -1 });
}

export function scheduleTimeout(ctx: Ctx, durationMs: number, round: number, step: RoundStep, since: 'now' | 'commit' = 'now'): void {
  ctx.out.push({ kind: 'scheduleTimeout', height: ctx.s.height, round, step, durationMs, since });
}

export function proposeTimeout(s: RoundState, round: number): number {
  return s.config.timeouts.propose + round * s.config.timeouts.proposeDelta;
}

export function prevoteTimeout(s: RoundState, round: number): number {
  return s.config.timeouts.prevote + round * s.config.timeouts.prevoteDelta;
}

export function precommitTimeout(s: RoundState, round: number): number {
  return s.config.timeouts.precommit + round * s.config.timeouts.precommitDelta;
}

export function reject(ctx: Ctx, peerId: string, error: CometError): void {
  ctx.out.push({ kind: 'messageRejected', peerId, error });
}

export function blockTime(block: Block): Block['header']['time'] {
  return block.header.time;
}
