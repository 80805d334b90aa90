import type { ConsensusMessage } from '@cometts/types';
import { describe, expect, test } from 'vitest';
import type { ConsensusEngine } from '../src/reactor/engine.js';
import { EngineInbox } from '../src/reactor/engine-inbox.js';

const silent = { debug: () => undefined, info: () => undefined, error: () => undefined };
const msg = (index: number): ConsensusMessage => ({ case: 'hasVote', value: { height: 1n, round: 0, type: 1, index } });

/** An engine whose queue takes messages only while `open`; waiting deliveries resume when it opens. */
class GatedEngine {
  open = false;
  closed = false;
  readonly taken: number[] = [];
  private waiters: (() => void)[] = [];
  deliver(m: ConsensusMessage): boolean {
    if (!this.open || this.closed) return false;
    this.taken.push((m.value as { index: number }).index);
    return true;
  }
  async deliverWait(m: ConsensusMessage): Promise<boolean> {
    while (!this.open && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.deliver(m);
  }
  setOpen(open: boolean): void {
    this.open = open;
    for (const w of this.waiters.splice(0)) w();
  }
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w();
  }
}

const asEngine = (e: GatedEngine) => e as unknown as ConsensusEngine;
const flush = () => new Promise((r) => setTimeout(r, 10));

describe('EngineInbox', () => {
  test('messages go straight to the engine while it has room', () => {
    const engine = new GatedEngine();
    engine.open = true;
    const inbox = new EngineInbox(asEngine(engine), 10, silent);
    inbox.push(msg(1), 'p');
    inbox.push(msg(2), 'p');
    expect(engine.taken).toEqual([1, 2]);
    expect(inbox.backlogSize).toBe(0);
  });

  test('a full engine queue: messages wait in order and are delivered when room appears', async () => {
    const engine = new GatedEngine();
    const inbox = new EngineInbox(asEngine(engine), 10, silent);
    for (let i = 0; i < 5; i++) inbox.push(msg(i), 'p');
    await flush();
    expect(engine.taken).toEqual([]);
    expect(inbox.backlogSize).toBe(5);
    engine.setOpen(true);
    // New messages queue behind the backlog, never ahead of it.
    inbox.push(msg(5), 'p');
    await flush();
    expect(engine.taken).toEqual([0, 1, 2, 3, 4, 5]);
    expect(inbox.backlogSize).toBe(0);
  });

  test('beyond its capacity the backlog drops messages instead of growing', async () => {
    const engine = new GatedEngine();
    const inbox = new EngineInbox(asEngine(engine), 3, silent);
    for (let i = 0; i < 10; i++) inbox.push(msg(i), 'p');
    expect(inbox.backlogSize).toBe(3);
    expect(inbox.dropped).toBe(7);
    engine.setOpen(true);
    await flush();
    expect(engine.taken).toEqual([0, 1, 2]);
  });

  test('a closed engine drains the backlog by dropping, and a stopped inbox takes nothing', async () => {
    const engine = new GatedEngine();
    const inbox = new EngineInbox(asEngine(engine), 10, silent);
    for (let i = 0; i < 4; i++) inbox.push(msg(i), 'p');
    engine.close();
    await flush();
    expect(inbox.backlogSize).toBe(0);
    expect(inbox.dropped).toBe(4);
    inbox.stop();
    engine.closed = false;
    engine.open = true;
    inbox.push(msg(9), 'p');
    expect(engine.taken).toEqual([]);
  });
});
