import { describeReactorCompliance } from '@cometts/switch/compliance';
import { AddrBook, PexReactor, pexAddrsMessage, pexRequestMessage } from '../src/index.js';
import { addr } from './helpers.js';

describeReactorCompliance(
  'PEX',
  (env) =>
    new PexReactor({
      book: new AddrBook({ strict: false }),
      switch: env.switch,
      ensurePeersPeriodMs: 50,
    }),
  {
    samples: {
      0x00: [pexRequestMessage(), pexRequestMessage(), pexAddrsMessage([addr(1, '1.2.3.4'), addr(2, '2a01:4f8::1')])],
    },
  },
);
