import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hex } from '../../../testing/vectors.js';
import { registry, runsFor } from './arbitraries/registry.js';
import './helpers/bytes-equality.js';

const isMessageType = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { encode?: unknown }).encode === 'function' && typeof (v as { decode?: unknown }).decode === 'function';

describe('property: valid values round-trip byte-exactly', () => {
  test.each(registry.map((entry) => [entry[0], entry] as const))('%s', (name, [, type, arbitrary]) => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        expect(type.validate(value)).toBe(value);
        const bytes = type.encode(value);
        const back = type.decode(bytes);
        expect(back).toEqual(value);
        expect(hex(type.encode(back))).toBe(hex(bytes));
        // The delimited form carries the same body.
        expect(hex(type.encodeDelimited(value)).endsWith(hex(bytes))).toBe(true);
      }),
      { numRuns: runsFor(name, 200) },
    );
  });

  test('every message type exported by src/messages has an arbitrary here', async () => {
    const dir = fileURLToPath(new URL('../src/messages/', import.meta.url));
    const covered = new Set(registry.map(([, type]) => type));
    const missing: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(/* @vite-ignore */ pathToFileURL(dir + file).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (isMessageType(value) && !covered.has(value as never)) missing.push(`${file}:${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
