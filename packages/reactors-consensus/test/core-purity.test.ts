/**
 * core/ must stay pure: no timers, sockets, clocks, randomness, storage or
 * process state. This scans its sources for the imports and globals that
 * would bring any of them in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(__dirname, '..', 'src', 'core');

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"]node:/, 'node: import'],
  [/from\s+['"](fs|net|os|crypto|timers|child_process|worker_threads|dgram|http|https|path)(\/[^'"]*)?['"]/, 'node builtin import'],
  [/\brequire\s*\(/, 'require()'],
  [/\bimport\s*\(/, 'dynamic import'],
  [/\bset(Timeout|Interval|Immediate)\b/, 'timer'],
  [/\bqueueMicrotask\b/, 'microtask scheduling'],
  [/\bDate\b/, 'wall clock (Date)'],
  [/\bperformance\b/, 'clock (performance)'],
  [/\bprocess\b/, 'process state'],
  [/Math\.random\b/, 'randomness'],
  [/\bcrypto\.getRandomValues\b|\brandomBytes\b/, 'randomness'],
  [/\bBuffer\b/, 'Node Buffer'],
  [/\bfetch\s*\(|\bWebSocket\b/, 'network'],
  [/\bglobalThis\b/, 'global state'],
  [/from\s+['"]\.\.\/(wal|driver\/(?!ports\.js))/, 'import of driver or WAL code'],
];

// core/ imports ports.ts (types and one pure helper), so it is held to the same rule.
const sources = [...readdirSync(CORE).filter((f) => f.endsWith('.ts')), '../driver/ports.ts'];

describe('core/ purity', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  it.each(sources)('%s uses no timers, clocks, randomness, I/O or driver code', (file) => {
    // Comments may mention what the code must not do; only code counts.
    const code = readFileSync(join(CORE, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const found = FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => what);
    expect(found).toEqual([]);
  });

  it('the only driver import is the type-level ports module', () => {
    for (const file of sources.filter((f) => !f.startsWith('..'))) {
      const code = readFileSync(join(CORE, file), 'utf8');
      for (const m of code.matchAll(/from\s+['"](\.\.\/[^'"]+)['"]/g)) expect(m[1]).toBe('../driver/ports.js');
    }
  });
});
