import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  GO_ZERO_TIME_SECONDS,
  InvalidInputError,
  compareTimestamps,
  formatRFC3339Nano,
  parseCmtJsonTime,
  parseRFC3339,
  timestampFromDate,
  timestampFromUnixNanos,
  timestampToDate,
  timestampToUnixNanos,
} from '../../src/index.js';

describe('timestamps', () => {
  test('RFC3339Nano formatting like cmtjson: trailing zeros trimmed, Z', () => {
    expect(formatRFC3339Nano({ seconds: 1714557600n, nanos: 500_000_000 })).toBe('2024-05-01T10:00:00.5Z');
    expect(formatRFC3339Nano({ seconds: 1714557600n, nanos: 0 })).toBe('2024-05-01T10:00:00Z');
    expect(formatRFC3339Nano({ seconds: 1714557600n, nanos: 123456789 })).toBe('2024-05-01T10:00:00.123456789Z');
    expect(formatRFC3339Nano({ seconds: 1714557600n, nanos: 1000 })).toBe('2024-05-01T10:00:00.000001Z');
    expect(formatRFC3339Nano({ seconds: GO_ZERO_TIME_SECONDS, nanos: 0 })).toBe('0001-01-01T00:00:00Z');
    expect(formatRFC3339Nano({ seconds: 1514170801n, nanos: 234000000 })).toBe('2017-12-25T03:00:01.234Z');
    expect(formatRFC3339Nano({ seconds: 253402300799n, nanos: 999999999 })).toBe('9999-12-31T23:59:59.999999999Z');
    expect(formatRFC3339Nano({ seconds: -1n, nanos: 0 })).toBe('1969-12-31T23:59:59Z');
    expect(() => formatRFC3339Nano({ seconds: 253402300800n, nanos: 0 })).toThrow(InvalidInputError);
  });

  test('parsing: offsets fold into UTC, fractions beyond 9 digits truncate', () => {
    expect(parseRFC3339('2026-11-22T04:24:15.441304413Z')).toEqual({ seconds: 1795321455n, nanos: 441304413 });
    expect(parseRFC3339('2024-05-01T12:00:00+02:00')).toEqual(parseRFC3339('2024-05-01T10:00:00Z'));
    expect(parseRFC3339('2024-05-01T10:00:00.1234567891Z').nanos).toBe(123456789);
    expect(parseRFC3339('2024-02-29T00:00:00Z').seconds).toBe(1709164800n);
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01 10:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T10:00:60Z', '2024-05-01T10:00:00', '2024-05-01T10:00:00.Z']) {
      expect(() => parseRFC3339(bad), bad).toThrow(InvalidInputError);
    }
    expect(() => parseCmtJsonTime('2024-05-01T12:00:00+02:00')).toThrow(/UTC/);
  });

  test('format and parse round trip (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: GO_ZERO_TIME_SECONDS, max: 253402300799n }), fc.integer({ min: 0, max: 999_999_999 }), (seconds, nanos) => {
        const t = { seconds, nanos };
        expect(parseCmtJsonTime(formatRFC3339Nano(t))).toEqual(t);
        expect(timestampFromUnixNanos(timestampToUnixNanos(t))).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });

  test('format matches Date.toISOString for millisecond times (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000_000_000_000, max: 200_000_000_000_000 }), (ms) => {
        const d = new Date(ms);
        const iso = d.toISOString().replace(/\.?0*Z$/, 'Z').replace(/\.Z$/, 'Z');
        expect(formatRFC3339Nano(timestampFromDate(d))).toBe(iso);
        expect(timestampToDate(timestampFromDate(d)).getTime()).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  test('compare', () => {
    expect(compareTimestamps({ seconds: 1n, nanos: 5 }, { seconds: 1n, nanos: 6 })).toBeLessThan(0);
    expect(compareTimestamps({ seconds: 2n, nanos: 0 }, { seconds: 1n, nanos: 999 })).toBeGreaterThan(0);
    expect(compareTimestamps({ seconds: 2n, nanos: 3 }, { seconds: 2n, nanos: 3 })).toBe(0);
  });
});
