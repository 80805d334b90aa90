/**
 * Compares Uint8Arrays with Buffer.compare instead of element by element:
 * the property tests deep-compare 64 KiB block parts.
 */
import { expect } from 'vitest';

expect.addEqualityTesters([
  (a: unknown, b: unknown) => {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
    return Buffer.compare(a, b) === 0;
  },
]);
