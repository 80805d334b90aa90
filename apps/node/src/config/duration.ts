/**
 * Go `time.Duration` text, the form every duration in config.toml uses
 * ("3s", "500ms", "168h0m0s", "1h2m3.5s"). Values are held in milliseconds
 * (fractions allowed) because timers in Node take milliseconds.
 */

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const SEGMENT = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;

/** Parses Go duration syntax into nanoseconds; undefined when the text is not a duration. */
export function parseGoDurationNs(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    const [whole, intPart = '', fracPart, unit = ''] = match;
    if (intPart === '' && (fracPart === undefined || fracPart === '')) return undefined;
    const scale = UNIT_NS[unit];
    if (scale === undefined) return undefined;
    total += BigInt(intPart || '0') * scale;
    if (fracPart) {
      // Go truncates the fraction to whole nanoseconds.
      total += (BigInt(fracPart) * scale) / 10n ** BigInt(fracPart.length);
    }
    rest = rest.slice(whole.length);
  }
  return negative ? -total : total;
}

/** Parses Go duration syntax into milliseconds; undefined when the text is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  const ns = parseGoDurationNs(text);
  return ns === undefined ? undefined : Number(ns) / 1e6;
}

function trimFraction(whole: bigint, fraction: bigint, digits: number): string {
  if (fraction === 0n) return whole.toString();
  const padded = fraction.toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${padded}`;
}

/** Formats nanoseconds exactly as Go's Duration.String() does. */
export function formatGoDurationNs(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  if (abs < 1_000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${trimFraction(abs / 1_000n, abs % 1_000n, 3)}µs`;
  if (abs < 1_000_000_000n) return `${sign}${trimFraction(abs / 1_000_000n, abs % 1_000_000n, 6)}ms`;
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const secondsNs = abs % 60_000_000_000n;
  const seconds = trimFraction(secondsNs / 1_000_000_000n, secondsNs % 1_000_000_000n, 9);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Formats milliseconds as Go's Duration.String() does. */
export function formatGoDuration(ms: number): string {
  return formatGoDurationNs(BigInt(Math.round(ms * 1e6)));
}
