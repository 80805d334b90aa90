import { PartSet } from '@cometts/types';
import { describe, expect, test } from 'vitest';
import { ContributionTracker } from '../src/reactor/contributions.js';
import { Wakeup, sleep } from '../src/reactor/wakeup.js';
import { roundState, valAt } from './support/reactor/fake-engine.js';
import { signedVote } from './support/votes.js';

describe('Wakeup', () => {
  test('a wake ends a wait at once; a wake while busy is remembered once', async () => {
    const w = new Wakeup();
    const signal = new AbortController().signal;
    let t = Date.now();
    const waiting = w.wait(5000, signal);
    w.wake();
    await waiting;
    expect(Date.now() - t).toBeLessThan(1000);
    w.wake();
    w.wake();
    t = Date.now();
    await w.wait(5000, signal); // the remembered wake
    expect(Date.now() - t).toBeLessThan(1000);
    t = Date.now();
    await w.wait(30, signal); // nothing pending: the timeout
    expect(Date.now() - t).toBeGreaterThanOrEqual(25);
  });

  test('waits and sleeps end when the signal aborts', async () => {
    const c = new AbortController();
    const t = Date.now();
    const both = Promise.all([new Wakeup().wait(5000, c.signal), sleep(5000, c.signal)]);
    c.abort();
    await both;
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe('ContributionTracker', () => {
  test('credits the first sender of a vote the engine then adds; duplicates and unknown votes earn nothing', () => {
    const credits: [string, string][] = [];
    const tracker = new ContributionTracker((peer, kind) => credits.push([peer, kind]));
    const rs = roundState(2n);
    const vote = signedVote(valAt(1), 1, { height: 2n });
    tracker.noteVote(vote, 'a', rs);
    tracker.noteVote(vote, 'b', rs);
    tracker.voteAdded(vote);
    tracker.voteAdded(signedVote(valAt(2), 2, { height: 2n }));
    expect(credits).toEqual([['a', 'vote']]);
    // A vote for another height is never useful.
    tracker.noteVote(signedVote(valAt(3), 3, { height: 7n }), 'a', rs);
    expect(tracker.pending).toBe(0);
  });

  test('credits block parts once our part set holds them; a new height forgets pending credits', () => {
    const credits: [string, string][] = [];
    const tracker = new ContributionTracker((peer, kind) => credits.push([peer, kind]));
    const full = PartSet.fromData(new Uint8Array(140_000).fill(1));
    const rs = roundState(2n);
    rs.proposalBlockParts = PartSet.fromHeader(full.header());
    tracker.notePart(2n, 0, 'a', rs);
    tracker.notePart(2n, 1, 'b', rs);
    tracker.notePart(2n, 0, 'b', rs);
    rs.proposalBlockParts.addPart(full.getPart(0)!);
    tracker.settle(rs);
    expect(credits).toEqual([['a', 'blockPart']]);
    tracker.forget('b');
    rs.proposalBlockParts.addPart(full.getPart(1)!);
    tracker.settle(rs);
    expect(credits).toHaveLength(1);
    tracker.notePart(2n, 2, 'a', rs);
    tracker.settle(roundState(3n));
    expect(tracker.pending).toBe(0);
  });
});
