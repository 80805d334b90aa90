/**
 * Header.ValidateBasic as upstream runs it on every header inside a Block or
 * SignedHeader (HeaderFromProto validates). The `Header` message's own rules
 * are looser (they accept an empty header); these add block protocol 11,
 * height > 0 and a 20-byte proposer address.
 */
import type { Rule } from '../proto/index.js';
import type { Header } from './header.js';
import { BLOCK_PROTOCOL_VERSION } from './node-info.js';

/** Rules for a header reached through `get` (undefined headers pass: presence is checked separately). */
export function headerBasicRules<T>(get: (value: T) => Header | undefined, path: readonly string[]): Rule<T>[] {
  const check = (holds: (h: Header) => boolean) => (value: T) => {
    const h = get(value);
    return h === undefined || holds(h);
  };
  return [
    [
      `header block version must be ${BLOCK_PROTOCOL_VERSION}`,
      check((h) => h.version.block === BLOCK_PROTOCOL_VERSION),
      [...path, 'version'],
    ],
    ['header height must be > 0', check((h) => h.height > 0n), [...path, 'height']],
    ['header proposer_address must be 20 bytes', check((h) => h.proposerAddress.length === 20), [...path, 'proposerAddress']],
  ];
}
