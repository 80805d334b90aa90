/**
 * Go's time.Time JSON form (RFC 3339 with up to nanoseconds). The book keeps
 * times as Unix milliseconds; Go's zero time maps to GO_ZERO_TIME_MS so "never"
 * compares the same way it does in Go (long ago).
 */
import { GO_ZERO_TIME_MS } from './params.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined if `text` is not an RFC 3339 time. */
export function parseGoTime(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, m[7] ? Number(m[7].padEnd(9, '0').slice(0, 3)) : 0);
  if (date.getUTCDate() !== day) return undefined; // e.g. February 30
  let ms = date.getTime();
  const zone = m[8]!;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return ms;
}

/** RFC 3339 in UTC with trailing fractional zeros trimmed, as Go's RFC3339Nano prints it. */
export function formatGoTime(ms: number): string {
  if (ms === GO_ZERO_TIME_MS) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.120Z
  const dot = iso.indexOf('.');
  const fraction = iso.slice(dot + 1, dot + 4).replace(/0+$/, '');
  return `${iso.slice(0, dot)}${fraction ? `.${fraction}` : ''}Z`;
}
