/**
 * Timestamp helpers: Date ⇄ Timestamp, nanosecond arithmetic, and RFC 3339
 * text exactly as Go's `time.RFC3339Nano` prints it in cmtjson (UTC, "Z",
 * fractional seconds with trailing zeros removed).
 */
import { InvalidInputError } from '../errors.js';
import type { Timestamp } from '../messages/timestamp.js';

const NANOS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400n;

export function timestampFromDate(date: Date): Timestamp {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new InvalidInputError('date', 'invalid Date');
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** The Date for a timestamp (sub-millisecond digits are truncated). */
export function timestampToDate(t: Timestamp): Date {
  return new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1_000_000));
}

export function timestampNow(): Timestamp {
  return timestampFromDate(new Date());
}

export function timestampToUnixNanos(t: Timestamp): bigint {
  return t.seconds * NANOS_PER_SECOND + BigInt(t.nanos);
}

export function timestampFromUnixNanos(nanos: bigint): Timestamp {
  let seconds = nanos / NANOS_PER_SECOND;
  let rest = nanos % NANOS_PER_SECOND;
  if (rest < 0n) {
    rest += NANOS_PER_SECOND;
    seconds -= 1n;
  }
  return { seconds, nanos: Number(rest) };
}

/** Negative, zero or positive as a is before, equal to or after b. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return a.nanos - b.nanos;
}

export function addNanos(t: Timestamp, nanos: bigint): Timestamp {
  return timestampFromUnixNanos(timestampToUnixNanos(t) + nanos);
}

// Days ⇄ civil date in the proleptic Gregorian calendar (H. Hinnant's algorithms).
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [year: number, month: number, day: number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * `2006-01-02T15:04:05.999999999Z`: Go's RFC3339Nano in UTC. Years outside
 * 0000..9999 cannot be written (Go's JSON encoder refuses them too).
 */
export function formatRFC3339Nano(t: Timestamp): string {
  if (t.nanos < 0 || t.nanos > 999_999_999) throw new InvalidInputError('timestamp', `nanos ${t.nanos} out of range`);
  let days = t.seconds / SECONDS_PER_DAY;
  let secOfDay = t.seconds % SECONDS_PER_DAY;
  if (secOfDay < 0n) {
    secOfDay += SECONDS_PER_DAY;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  if (year < 0 || year > 9999) throw new InvalidInputError('timestamp', `year ${year} outside of range [0,9999]`);
  const s = Number(secOfDay);
  let text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  if (t.nanos !== 0) text += `.${pad(t.nanos, 9).replace(/0+$/, '')}`;
  return `${text}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses RFC 3339 text as Go's `time.Parse(time.RFC3339Nano, …)` does:
 * fractional digits beyond nine are truncated, and an offset is folded into
 * UTC. With `requireUTC` (cmtjson's rule) the text must end in "Z".
 */
export function parseRFC3339(text: string, options: { requireUTC?: boolean } = {}): Timestamp {
  const fail = (reason: string): never => {
    throw new InvalidInputError('RFC 3339 time', `${JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)}: ${reason}`);
  };
  const m = RFC3339.exec(text);
  if (m === null) return fail('not of the form 2006-01-02T15:04:05.999999999Z07:00');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7];
  const zone = m[8]!;
  if (month < 1 || month > 12) fail('month out of range');
  if (day < 1 || day > daysInMonth(year, month)) fail('day out of range');
  if (hour > 23) fail('hour out of range');
  if (minute > 59) fail('minute out of range');
  if (second > 59) fail('second out of range');
  if (options.requireUTC && zone !== 'Z') fail('time must be UTC (end in "Z")');
  let offsetSeconds = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) fail('time zone offset out of range');
    offsetSeconds = (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const nanos = fraction === undefined ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'));
  const days = daysFromCivil(year, month, day);
  const seconds = BigInt(days) * SECONDS_PER_DAY + BigInt(hour * 3600 + minute * 60 + second - offsetSeconds);
  return { seconds, nanos };
}

/** cmtjson's time decoding: RFC 3339 that must be UTC. */
export function parseCmtJsonTime(text: string): Timestamp {
  return parseRFC3339(text, { requireUTC: true });
}
