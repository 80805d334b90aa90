/**
 * @cometts/pex-addrbook: CometBFT's address book (buckets, bias, bans,
 * addrbook.json), the PEX reactor on channel 0x00 and seed mode.
 */
export { AddrBook, type AddrBookOptions, type AddrBookLoadProblem } from './book/addr-book.js';
export { AddrBookCore, type AddrBookCoreOptions, type KnownAddressInfo } from './book/book-core.js';
export type { CorruptFilePolicy } from './book/book-storage.js';
export { readBookFile } from './book/book-storage.js';
export { newBucketIndex, oldBucketIndex } from './book/bucket-hash.js';
export { selectionSize } from './book/selection.js';
export { formatGoTime, parseGoTime } from './book/go-time.js';
export * from './book/params.js';
export type { Clock, RandomSource } from './clock.js';
export { systemClock } from './clock.js';
export * from './errors.js';
export type { Logger, LogFields } from './logger.js';
export { noopLogger } from './logger.js';

export { PexReactor } from './pex/pex-reactor.js';
export { PEX_DEFAULTS, resolvePexConfig, type PexConfig, type PexReactorOptions } from './pex/pex-options.js';
export { PEX_CHANNEL, PEX_CHANNEL_DESCRIPTOR, pexAddrsMessage, pexRequestMessage } from './pex/pex-channel.js';
