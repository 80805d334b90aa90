import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatGoDurationNs, parseGoDuration, parseGoDurationNs } from '../src/config/duration';

describe('Go durations', () => {
  it('formats like time.Duration.String()', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [1n, '1ns'],
      [1_500n, '1.5µs'],
      [500_000_000n, '500ms'],
      [100_000_000n, '100ms'],
      [1_000_000_000n, '1s'],
      [60_000_000_000n, '1m0s'],
      [3_723_500_000_000n, '1h2m3.5s'],
      [168n * 3_600_000_000_000n, '168h0m0s'],
      [-3_000_000_000n, '-3s'],
    ];
    for (const [ns, text] of cases) expect(formatGoDurationNs(ns)).toBe(text);
  });

  it('parses Go syntax', () => {
    expect(parseGoDuration('3s')).toBe(3000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('100us')).toBe(0.1);
    expect(parseGoDuration('100µs')).toBe(0.1);
    expect(parseGoDuration('-2m')).toBe(-120_000);
    expect(parseGoDuration('.5s')).toBe(500);
    for (const bad of ['', '3', 's', '3x', '1.s.', '3 s', 'abc', '--1s', '.s']) {
      expect(parseGoDuration(bad)).toBeUndefined();
    }
  });

  it('parse(format(x)) = x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (ns) => {
        expect(parseGoDurationNs(formatGoDurationNs(ns))).toBe(ns);
      }),
    );
  });
});
