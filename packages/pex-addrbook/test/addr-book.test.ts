import { NetAddress } from '@cometts/types';
import { describe, expect, it } from 'vitest';
import {
  AddrBook,
  BannedAddressError,
  DAY_MS,
  InvalidBookAddressError,
  NonRoutableAddressError,
  PrivateAddressError,
  PrivateSourceError,
  SelfAddressError,
  selectionSize,
} from '../src/index.js';
import { FakeClock, addr, nodeId, routableIp, seededRandom } from './helpers.js';

function newBook(seed = 1, clock = new FakeClock(), strict = true) {
  return { book: new AddrBook({ clock, random: seededRandom(seed), strict }), clock };
}

/** Fills a book with n routable addresses spread over many groups and sources. */
function fill(book: AddrBook, n: number, offset = 0): NetAddress[] {
  const out: NetAddress[] = [];
  for (let i = offset; i < offset + n; i++) {
    const a = addr(i, routableIp(i));
    book.addAddress(a, addr(`src${i % 50}`, routableIp(i * 7 + 3)));
    out.push(a);
  }
  return out;
}

describe('AddrBook: adding', () => {
  it('refuses invalid, private, private-source, own and (strict) non-routable addresses with typed errors', () => {
    const { book } = newBook();
    const src = addr('src', '5.6.7.8');
    expect(() => book.addAddress(new NetAddress('zz', new Uint8Array([1, 2, 3, 4]), 1), src)).toThrow(InvalidBookAddressError);
    expect(() => book.addAddress(addr(1, '0.0.0.0'), src)).toThrow(InvalidBookAddressError);
    book.addPrivateIds([nodeId('private')]);
    expect(() => book.addAddress(addr('private', '1.2.3.4'), src)).toThrow(PrivateAddressError);
    expect(() => book.addAddress(addr(2, '1.2.3.4'), addr('private', '9.9.9.9'))).toThrow(PrivateSourceError);
    book.addOurAddress(addr('me', '3.3.3.3'));
    expect(() => book.addAddress(addr('me', '3.3.3.3'), src)).toThrow(SelfAddressError);
    expect(() => book.addAddress(addr('me', '4.4.4.4'), src)).toThrow(SelfAddressError);
    expect(book.isOurAddress(addr('me', '3.3.3.3'))).toBe(true);
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.16.0.1', '169.254.1.1', 'fe80::1', 'fc00::1']) {
      expect(() => book.addAddress(addr(3, ip), src)).toThrow(NonRoutableAddressError);
    }
    expect(book.size).toBe(0);
  });

  it('accepts local addresses when not strict', () => {
    const { book } = newBook(1, new FakeClock(), false);
    book.addAddress(addr(1, '127.0.0.1', 1000), addr('s', '127.0.0.1', 2000));
    book.addAddress(addr(2, '192.168.0.1'), addr('s', '127.0.0.1', 2000));
    expect(book.size).toBe(2);
    expect(book.hasAddress(addr(1, '127.0.0.1', 1000))).toBe(true);
  });

  it('adds a known new address to at most 4 buckets, each time with probability 1/(2k)', () => {
    const book = new AddrBook({ clock: new FakeClock(), random: () => 0 });
    const a = addr(1, '1.2.3.4');
    for (let i = 0; i < 20; i++) book.addAddress(a, addr(`s${i}`, `${30 + i}.1.1.1`));
    expect(book.getEntry(a.id)!.buckets.length).toBe(4);
    expect(book.size).toBe(1);

    const never = new AddrBook({ clock: new FakeClock(), random: () => 0.99 });
    never.addAddress(a, addr('s0', '30.1.1.1'));
    for (let i = 1; i < 20; i++) never.addAddress(a, addr(`s${i}`, `${30 + i}.1.1.1`));
    expect(never.getEntry(a.id)!.buckets.length).toBe(1);
  });

  it('evicts the entry tried longest ago when a new bucket is over capacity (65 max)', () => {
    const { book, clock } = newBook();
    const src = addr('src', '5.6.7.8');
    const added: NetAddress[] = [];
    for (let i = 0; i < 100; i++) {
      clock.advance(1000);
      const a = addr(i, `20.30.${i}.1`); // one /16 from one source → one bucket
      book.addAddress(a, src);
      added.push(a);
    }
    expect(book.size).toBe(65);
    // The first 35 (oldest LastAttempt) were expired, the last 65 remain.
    for (const a of added.slice(0, 35)) expect(book.hasAddress(a)).toBe(false);
    for (const a of added.slice(35)) expect(book.hasAddress(a)).toBe(true);
  });

  it('expires a bad entry before the oldest one', () => {
    const { book, clock } = newBook();
    const src = addr('src', '5.6.7.8');
    for (let i = 0; i < 65; i++) {
      clock.advance(1000);
      book.addAddress(addr(i, `20.30.${i}.1`), src);
    }
    // Entry 40 failed 3 times and never succeeded: bad once a minute has passed.
    for (let k = 0; k < 3; k++) book.markAttempt(addr(40, '20.30.40.1'));
    clock.advance(2 * 60_000);
    book.addAddress(addr(999, '20.30.200.1'), src);
    expect(book.hasAddress(addr(40, '20.30.40.1'))).toBe(false);
    expect(book.hasAddress(addr(0, '20.30.0.1'))).toBe(true);
    expect(book.size).toBe(65);
  });
});

describe('AddrBook: good, attempts, bans', () => {
  it('markGood promotes to the old buckets and resets attempts; markAttempt counts', () => {
    const { book, clock } = newBook();
    const a = addr(1, '1.2.3.4');
    book.addAddress(a, addr('s', '5.6.7.8'));
    book.markAttempt(a);
    book.markAttempt(a);
    expect(book.getEntry(a.id)!.attempts).toBe(2);
    clock.advance(5000);
    book.markGood(a.id);
    const e = book.getEntry(a.id)!;
    expect(e).toMatchObject({ bucketType: 'old', attempts: 0, lastSuccess: clock.ms, lastAttempt: clock.ms });
    expect(book.isGood(a)).toBe(true);
    expect(book.oldCount).toBe(1);
    expect(book.newCount).toBe(0);
    // An old address is not re-added to new buckets.
    book.addAddress(a, addr('s2', '9.9.9.9'));
    expect(book.getEntry(a.id)!.bucketType).toBe('old');
  });

  it('a full old bucket sends its oldest entry back to a new bucket', () => {
    const { book, clock } = newBook();
    // One /16 group → at most 4 old buckets; promote 300 addresses one by one.
    const promoted: NetAddress[] = [];
    for (let i = 0; i < 300; i++) {
      clock.advance(1000);
      const a = addr(i, `40.50.${i % 256}.${1 + Math.floor(i / 256)}`);
      book.addAddress(a, addr(`s${i}`, routableIp(i)));
      book.markGood(a.id);
      promoted.push(a);
    }
    const perBucket = new Map<number, number>();
    for (const e of book.entries()) if (e.bucketType === 'old') perBucket.set(e.buckets[0]!, (perBucket.get(e.buckets[0]!) ?? 0) + 1);
    expect(perBucket.size).toBeLessThanOrEqual(4);
    for (const count of perBucket.values()) expect(count).toBeLessThanOrEqual(65);
    expect(book.oldCount).toBeLessThanOrEqual(4 * 65);
    expect(book.newCount).toBeGreaterThan(0); // demoted ones
    // The most recently promoted one is always old.
    expect(book.isGood(promoted.at(-1)!)).toBe(true);
  });

  it('markBad bans by ID for the given time, then reinstateBadPeers restores the address', () => {
    const { book, clock } = newBook();
    const a = addr(1, '1.2.3.4');
    const src = addr('s', '5.6.7.8');
    book.addAddress(a, src);
    book.markBad(a, DAY_MS);
    expect(book.isBanned(a)).toBe(true);
    expect(book.hasAddress(a)).toBe(false);
    expect(book.size).toBe(0);
    expect(() => book.addAddress(a, src)).toThrow(BannedAddressError);
    expect(() => book.addAddress(addr(1, '7.7.7.7'), src)).toThrow(BannedAddressError);
    clock.advance(DAY_MS - 1);
    book.reinstateBadPeers();
    expect(book.isBanned(a)).toBe(true);
    clock.advance(2);
    book.reinstateBadPeers();
    expect(book.isBanned(a)).toBe(false);
    expect(book.hasAddress(a)).toBe(true);
    expect(book.getEntry(a.id)!.bucketType).toBe('new');
  });

  it('an expired ban lifts by itself when the address is asked about', () => {
    const { book, clock } = newBook();
    const a = addr(1, '1.2.3.4');
    book.addAddress(a, addr('s', '5.6.7.8'));
    book.markGood(a.id);
    book.markBad(a, 1000);
    clock.advance(1001);
    expect(book.isBanned(a)).toBe(false);
    expect(book.getEntry(a.id)!.bucketType).toBe('new');
  });

  it('banning an unknown address keeps it out for the ban time but never adds it', () => {
    const { book, clock } = newBook();
    const a = addr(1, '1.2.3.4');
    book.markBad(a, 1000);
    expect(book.isBanned(a)).toBe(true);
    expect(() => book.addAddress(a, addr('s', '5.6.7.8'))).toThrow(BannedAddressError);
    clock.advance(1001);
    book.reinstateBadPeers();
    expect(book.isBanned(a)).toBe(false);
    expect(book.hasAddress(a)).toBe(false);
    book.addAddress(a, addr('s', '5.6.7.8'));
    expect(book.hasAddress(a)).toBe(true);
  });

  it('removeAddress forgets the address', () => {
    const { book } = newBook();
    const [a] = fill(book, 3);
    book.removeAddress(a!);
    expect(book.hasAddress(a!)).toBe(false);
    expect(book.size).toBe(2);
  });
});

describe('AddrBook: picking and selections', () => {
  it('pickAddress with bias 0 only returns old addresses, with bias 100 only new ones', () => {
    const { book } = newBook(7);
    const all = fill(book, 200);
    const old = new Set(all.slice(0, 50).map((a) => a.id));
    for (const id of old) book.markGood(id);
    for (let i = 0; i < 500; i++) {
      expect(old.has(book.pickAddress(0)!.id)).toBe(true);
      expect(old.has(book.pickAddress(100)!.id)).toBe(false);
    }
    expect(book.pickAddress(250)).toBeDefined(); // clamped to 100
  });

  it('pickAddress follows the √n-weighted bias', () => {
    const { book } = newBook(8);
    const all = fill(book, 200);
    for (const a of all.slice(0, 100)) book.markGood(a.id);
    // nOld = nNew = 100: P(old) = (100 − bias) / 100.
    let oldPicks = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if (book.isGood(book.pickAddress(30)!)) oldPicks++;
    expect(oldPicks / n).toBeGreaterThan(0.65);
    expect(oldPicks / n).toBeLessThan(0.75);
  });

  it('pickAddress returns undefined when the chosen side is empty', () => {
    const { book } = newBook();
    expect(book.pickAddress(50)).toBeUndefined();
    const five = fill(book, 5);
    for (const a of five) book.markGood(a.id);
    // Only old addresses and all the weight on new ones: both weights are 0, so the (empty) new side is chosen.
    expect(book.pickAddress(100)).toBeUndefined();
    expect(book.pickAddress(0)).toBeDefined();
  });

  it('getSelection returns min(250, max(min(32, n), 23%)) distinct addresses', () => {
    expect([0, 10, 32, 100, 139, 200, 1000, 2000].map(selectionSize)).toEqual([0, 10, 32, 32, 32, 46, 230, 250]);
    const { book } = newBook(3);
    fill(book, 10);
    expect(book.getSelection().length).toBe(10);
    fill(book, 990, 10);
    expect(book.size).toBe(1000);
    const sel = book.getSelection();
    expect(sel.length).toBe(230);
    expect(new Set(sel.map((a) => a.id)).size).toBe(230);
  });

  it('getSelectionWithBias takes at least bias% new addresses, the rest old', () => {
    const { book } = newBook(4);
    const all = fill(book, 400);
    for (const a of all.slice(0, 300)) book.markGood(a.id);
    expect(book.oldCount).toBe(300);
    const sel = book.getSelectionWithBias(30);
    expect(sel.length).toBe(92); // 23% of 400
    const newOnes = sel.filter((a) => !book.isGood(a)).length;
    expect(newOnes).toBe(Math.round(0.3 * 92));
    expect(new Set(sel.map((a) => a.id)).size).toBe(92);
    // Not enough old ones: new addresses fill the gap.
    const { book: few } = newBook(5);
    const some = fill(few, 100);
    few.markGood(some[0]!.id);
    const sel2 = few.getSelectionWithBias(0);
    expect(sel2.length).toBe(32);
    expect(sel2.filter((a) => few.isGood(a)).length).toBe(1);
  });

  it('needMoreAddrs is true below 1000 addresses', () => {
    const { book } = newBook();
    expect(book.needMoreAddrs()).toBe(true);
    fill(book, 1000);
    expect(book.size).toBe(1000);
    expect(book.needMoreAddrs()).toBe(false);
  });
});
