/**
 * @cometts/switch/compliance: the reactor compliance suite (vitest) and the
 * network-free FakeSwitch / FakePeer for reactor unit tests.
 */
export { describeReactorCompliance, type ComplianceEnv, type ReactorComplianceOptions } from './suite.js';
export { FakeSwitch } from './fake-switch.js';
export { FakePeer, type FakePeerOptions, type SentMessage } from './fake-peer.js';
