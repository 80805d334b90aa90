/**
 * A small human formatter for pino's JSON lines, in CometBFT's plain layout:
 *   I[2024-05-01|10:00:00.123] Added peer                      module=p2p peer=ab12…@127.0.0.1:26656
 * Used when logs go to a terminal; pipes and files get pino's JSON.
 */
import type { Writable } from 'node:stream';

const LEVEL_LETTER: Record<number, string> = { 10: 'T', 20: 'D', 30: 'I', 40: 'W', 50: 'E', 60: 'F' };
const LEVEL_COLOR: Record<number, string> = { 20: '\x1b[90m', 30: '\x1b[32m', 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };
const RESET = '\x1b[0m';
const RESERVED = new Set(['level', 'time', 'msg', 'module', 'pid', 'hostname']);

const pad2 = (n: number) => String(n).padStart(2, '0');

function stamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}|` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
  );
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Formats one pino JSON line; lines that are not JSON pass through unchanged. */
export function formatLogLine(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const lvl = typeof entry.level === 'number' ? entry.level : 30;
  const letter = LEVEL_LETTER[lvl] ?? '?';
  const head = `${letter}[${stamp(typeof entry.time === 'number' ? entry.time : Date.now())}]`;
  const msg = String(entry.msg ?? '');
  const fields: string[] = [];
  if (entry.module !== undefined) fields.push(`module=${fieldValue(entry.module)}`);
  for (const [key, value] of Object.entries(entry)) {
    if (!RESERVED.has(key)) fields.push(`${key}=${fieldValue(value)}`);
  }
  const text = `${head} ${msg.padEnd(44)} ${fields.join(' ')}`.trimEnd();
  return color ? `${LEVEL_COLOR[lvl] ?? ''}${text}${RESET}\n` : `${text}\n`;
}

/** A pino destination that writes formatted lines to `out`. */
export function prettyDestination(out: Writable, color: boolean): { write(chunk: string): boolean } {
  return {
    write(chunk: string): boolean {
      let text = '';
      for (const line of chunk.split('\n')) if (line.length > 0) text += formatLogLine(line, color);
      return out.write(text);
    },
  };
}
