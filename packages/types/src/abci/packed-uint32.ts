/** repeated uint32, packed as proto3 writes it (unpacked input accepted too). */
import { z } from 'zod';
import type { FieldSpec } from '../proto/index.js';

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

export function packedUint32(no: number): FieldSpec<number[]> {
  return {
    no,
    wireType: WIRE_LEN,
    schema: z.array(z.number().int().min(0).max(2 ** 32 - 1)),
    zero: () => [],
    omit: (v) => v.length === 0,
    write(w, values) {
      const start = w.fork();
      for (const v of values) w.uvarint(v);
      w.join(start);
    },
    read(r, wt, previous = []) {
      if (wt === WIRE_VARINT) {
        previous.push(r.uint32());
        return previous;
      }
      if (wt !== WIRE_LEN) r.fail(`field ${no} has wire type ${wt}, expected ${WIRE_LEN}`);
      const len = r.length(); // advances past the prefix before `end` is computed
      const end = r.pos + len;
      while (r.pos < end) previous.push(r.uint32());
      if (r.pos !== end) r.fail(`packed field ${no} overruns its length`);
      return previous;
    },
  };
}
