/**
 * @cometts/mconn: CometBFT's SecretConnection (authenticated encryption) and
 * MConnection (multiplexed channels) for peer links.
 */
export * from './secret/index.js';
export * from './mconnection/index.js';
