/**
 * A bytes field whose presence matters: `undefined` when the field is absent,
 * and written whenever it is set, even when empty. Go keeps this distinction
 * (nil versus empty slice after decoding), and statesync's ChunkResponse
 * depends on it: a non-missing chunk must be present, and may be empty.
 */
import { z } from 'zod';
import type { FieldSpec } from './field.js';
import { WIRE_LEN } from './writer.js';

export function optionalBytes(no: number): FieldSpec<Uint8Array | undefined> {
  return {
    no,
    wireType: WIRE_LEN,
    schema: z.instanceof(Uint8Array).optional() as z.ZodType<Uint8Array | undefined>,
    zero: () => undefined,
    omit: (v) => v === undefined,
    write: (w, v) => {
      w.bytes(v as Uint8Array);
    },
    read(r, wt) {
      if (wt !== WIRE_LEN) r.fail(`field ${no} has wire type ${wt}, expected ${WIRE_LEN}`);
      return r.bytes();
    },
  };
}
