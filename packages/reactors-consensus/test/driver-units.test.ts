import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedMsgType, type ConsensusMessage } from '@cometts/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsensusDriver } from '../src/driver/driver.js';
import { StoreAheadOfStateError } from '../src/driver/errors.js';
import type { ConsensusEvent } from '../src/driver/events.js';
import { Inbox } from '../src/driver/queue.js';
import { blockIdOf, recoverStart } from '../src/driver/startup.js';
import { TimeoutTicker } from '../src/driver/ticker.js';
import { defaultVerifier } from '../src/core/verifier.js';
import { extendedCommitToCommit } from '@cometts/types';
import { emptyExtendedCommit, makeExtendedCommit } from '../src/core/commit.js';
import { VoteSet } from '../src/core/vote-set.js';
import { CHAIN_ID, signedVote } from './support/votes.js';
import { WalAheadOfStateError } from '../src/wal/errors.js';
import { ConsensusWal } from '../src/wal/wal.js';
import { Scheduler } from './support/sim/scheduler.js';
import { genesisState, makeValidators } from './support/fixtures.js';
import { MemoryBlockStore } from './support/memory-block-store.js';
import { MemorySigner } from './support/memory-signer.js';
import { TestExecutor } from './support/test-executor.js';
import { FAST_TIMEOUTS } from './support/driver-net.js';

describe('TimeoutTicker', () => {
  it('keeps one timer, replaced by newer requests; drops stale ones even after firing', () => {
    const clock = new Scheduler();
    const fired: string[] = [];
    const ticker = new TimeoutTicker(clock, (t) => fired.push(`${t.height}/${t.round}/${t.step}`));
    const ti = (height: bigint, round: number, step: number, durationMs = 10) => ({ height, round, step: step as never, durationMs });
    expect(ticker.schedule(ti(1n, 0, 3))).toBe(true);
    expect(ticker.schedule(ti(1n, 0, 5))).toBe(true); // replaces 1/0/3
    clock.run(() => false, 100);
    expect(fired).toEqual(['1/0/5']);
    expect(ticker.schedule(ti(1n, 0, 5))).toBe(false); // same step again: dropped though it fired
    expect(ticker.schedule(ti(1n, 0, 3))).toBe(false);
    expect(ticker.schedule(ti(0n, 9, 8))).toBe(false);
    expect(ticker.schedule(ti(1n, 1, 3), -5)).toBe(true); // negative delay: at once
    clock.run(() => false, 200);
    expect(fired).toEqual(['1/0/5', '1/1/3']);
  });
});

describe('Inbox', () => {
  it('bounds peer items, never drops local ones, and serves local ones first', async () => {
    const inbox = new Inbox<string>(2);
    expect(inbox.tryPush('p1')).toBe(true);
    expect(inbox.tryPush('p2')).toBe(true);
    expect(inbox.tryPush('p3')).toBe(false);
    inbox.pushLocal('t1');
    expect(await inbox.take()).toBe('t1');
    expect(await inbox.take()).toBe('p1');
    const waiting = inbox.push('p4', 1000);
    expect(inbox.tryPush('p5')).toBe(false);
    expect(await waiting).toBe(true);
    expect(await inbox.push('p6', 10)).toBe(false); // full: times out
    inbox.close();
    expect(await inbox.take()).toBe('p2');
    expect(await inbox.take()).toBe('p4');
    expect(await inbox.take()).toBeUndefined();
  });
});

describe('driver start-up', () => {
  const vals = makeValidators(1);
  const genesis = genesisState(vals);
  const executor = new TestExecutor();
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cometts-drv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Saves block 1 with a real +2/3 seen commit, as finalizeCommit does before the crash point. */
  async function storedBlock(store: MemoryBlockStore) {
    const block = executor.createProposalBlockSync(genesis, 1n, emptyExtendedCommit(), vals[0]!.address);
    const { blockId, parts } = blockIdOf(block);
    const precommits = new VoteSet({ chainId: CHAIN_ID, height: 1n, round: 0, type: SignedMsgType.Precommit, validators: genesis.validators, extensionsEnabled: false, verify: defaultVerifier });
    precommits.addVote(signedVote(vals[0]!, 0, { type: SignedMsgType.Precommit, blockId }));
    await store.saveBlock(block, parts, extendedCommitToCommit(makeExtendedCommit(precommits)));
    return blockId;
  }

  it('applies a block that was saved but not applied before a crash, and refuses a store further ahead', async () => {
    const store = new MemoryBlockStore();
    const blockId = await storedBlock(store);
    const recovered = await recoverStart(genesis, store, executor, defaultVerifier);
    expect(recovered.state.lastBlockHeight).toBe(1n);
    expect(recovered.state.lastBlockId).toEqual(blockId);
    expect(recovered.lastCommit?.hasTwoThirdsMajority()).toBe(true);
    const ahead = new MemoryBlockStore();
    await storedBlock(ahead);
    const next = executor.createProposalBlockSync(recovered.state, 2n, makeExtendedCommit(recovered.lastCommit!), vals[0]!.address);
    await ahead.saveBlock(next, blockIdOf(next).parts, extendedCommitToCommit(makeExtendedCommit(recovered.lastCommit!)));
    await expect(recoverStart(genesis, ahead, executor, defaultVerifier)).rejects.toThrow(StoreAheadOfStateError);
  });

  it('refuses a WAL that already ended the height it would start', async () => {
    const wal = await ConsensusWal.open(join(dir, 'wal'));
    await wal.writeSync({ case: 'endHeight', value: { height: 1n } });
    const driver = new ConsensusDriver({ state: genesis, blockStore: new MemoryBlockStore(), executor, wal, privValidator: new MemorySigner(vals[0]!.key) });
    await expect(driver.start()).rejects.toThrow(WalAheadOfStateError);
    await wal.close();
  });

  it('a single validator commits alone, stops, and resumes from its WAL and stores without re-signing differently', async () => {
    const store = new MemoryBlockStore();
    const signer = new MemorySigner(vals[0]!.key);
    let state = genesis;
    const persisting = {
      createProposalBlock: executor.createProposalBlock.bind(executor),
      validateBlock: executor.validateBlock.bind(executor),
      applyBlock: async (...a: Parameters<TestExecutor['applyBlock']>) => (state = await executor.applyBlock(...a)),
    };
    const events: ConsensusEvent[] = [];
    const run = async (until: bigint) => {
      const wal = await ConsensusWal.open(join(dir, 'cs.wal', 'wal'));
      const driver = new ConsensusDriver({ state, blockStore: store, executor: persisting, wal, privValidator: signer, config: { timeouts: FAST_TIMEOUTS } });
      driver.on((e) => events.push(e));
      await driver.start();
      while (state.lastBlockHeight < until && driver.haltedBy === undefined) await new Promise((r) => setTimeout(r, 5));
      await driver.stop();
      await wal.close();
      expect(driver.haltedBy).toBeUndefined();
    };
    await run(3n);
    const stoppedAt = state.lastBlockHeight;
    await run(stoppedAt + 3n);
    expect(store.height()).toBe(state.lastBlockHeight);
    expect(signer.refusals).toBe(0);
    const heights = events.filter((e) => e.type === 'newBlock').map((e) => (e as { height: bigint }).height);
    expect(heights).toEqual(Array.from({ length: heights.length }, (_, i) => BigInt(i + 1)));
    const own = events.filter((e): e is Extract<ConsensusEvent, { type: 'broadcast' }> => e.type === 'broadcast');
    expect(own.some((e) => e.message.case === 'proposal')).toBe(true);
    const steps = events.filter((e): e is Extract<ConsensusEvent, { type: 'newRoundStep' }> => e.type === 'newRoundStep');
    expect(steps[0]).toMatchObject({ height: 1n, round: 0, step: 1 });
    expect(steps[0]!.secondsSinceStartTime).toBeLessThanOrEqual(0n);
  });

  it('survives a failed block creation (no proposal that round) and bad peer messages', async () => {
    let failures = 1;
    let state = genesis;
    const flaky = {
      createProposalBlock: async (...a: Parameters<TestExecutor['createProposalBlock']>) => {
        if (failures-- > 0) throw new Error('PrepareProposal failed');
        return executor.createProposalBlock(...a);
      },
      validateBlock: executor.validateBlock.bind(executor),
      applyBlock: async (...a: Parameters<TestExecutor['applyBlock']>) => (state = await executor.applyBlock(...a)),
    };
    const wal = await ConsensusWal.open(join(dir, 'wal'));
    const driver = new ConsensusDriver({ state, blockStore: new MemoryBlockStore(), executor: flaky, wal, privValidator: new MemorySigner(vals[0]!.key), config: { timeouts: FAST_TIMEOUTS } });
    const errors: string[] = [];
    let roundOfHeight1 = 0;
    driver.on((e) => {
      if (e.type === 'peerError') errors.push(e.error.code);
      if (e.type === 'newRoundStep' && e.height === 1n) roundOfHeight1 = Math.max(roundOfHeight1, e.round);
    });
    await driver.start();
    const forged = signedVote(makeValidators(2)[1]!, 0, { blockId: blockIdOf(executor.createProposalBlockSync(genesis, 1n, emptyExtendedCommit(), vals[0]!.address)).blockId });
    expect(driver.deliver({ case: 'vote', value: { vote: forged } }, 'mallory')).toBe(true);
    while (state.lastBlockHeight < 1n && driver.haltedBy === undefined) await new Promise((r) => setTimeout(r, 5));
    await driver.stop();
    await wal.close();
    expect(driver.haltedBy).toBeUndefined();
    expect(roundOfHeight1).toBe(1); // round 0 had no proposal; round 1 committed
    expect(errors).toContain('INVALID_VOTE');
  });

  it('queues peer messages only while running and only the ones consensus handles', () => {
    const driver = new ConsensusDriver({ state: genesis, blockStore: new MemoryBlockStore(), executor, wal: {} as never, config: { peerQueueSize: 1 } });
    const hasVote: ConsensusMessage = { case: 'hasVote', value: { height: 1n, round: 0, type: 1, index: 0 } };
    expect(driver.deliver(hasVote, 'p')).toBe(false);
  });
});
