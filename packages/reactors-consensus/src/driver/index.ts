/** The consensus driver's public API (re-exported by the package index). */
export { ConsensusDriver, DEFAULT_DRIVER_CONFIG, type DriverConfig, type DriverOptions } from './driver.js';
export { EventHub, type ConsensusEvent, type ConsensusListener } from './events.js';
export { StoreAheadOfStateError, MissingLastCommitError, ConsensusHaltedError } from './errors.js';
export { VoteExtensionRejectedError } from './extensions.js';
export { TimeoutTicker, type ScheduledTimeout } from './ticker.js';
export { systemClock } from './system-clock.js';
export { recoverStart, blockIdOf, type Recovered } from './startup.js';
export { stepName } from './messages.js';
