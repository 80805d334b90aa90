import { createHash } from 'node:crypto';
import { NetAddress } from '@cometts/types';
import type { Clock, RandomSource } from '../src/index.js';

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  constructor(public ms = Date.UTC(2024, 0, 2, 3, 4, 5)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** mulberry32: a small seeded PRNG so statistical tests are reproducible. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic valid node ID. */
export function nodeId(n: number | string): string {
  return createHash('sha256').update(`node-${n}`).digest('hex').slice(0, 40);
}

export function addr(n: number | string, ip: string, port = 26656): NetAddress {
  return NetAddress.parse(`${nodeId(n)}@${ip.includes(':') ? `[${ip}]` : ip}:${port}`);
}

/** A routable IPv4 address in 1.x.y.z..223.x.y.z avoiding private ranges, spread across /16 groups. */
export function routableIp(i: number): string {
  const a = 1 + (i % 9); // 1..9: none private or reserved
  const b = Math.floor(i / 9) % 256;
  const c = Math.floor(i / (9 * 256)) % 256;
  const d = 1 + (Math.floor(i / (9 * 256 * 256)) % 254);
  return `${a}.${b}.${c}.${d}`;
}
