/**
 * Versions a cometts node reports. Peers and RPC clients (cosmjs picks its
 * client by the `0.38.` prefix) see the CometBFT release we are compatible
 * with; `cometts version --verbose` also shows our own package version.
 */
import manifest from '../package.json' with { type: 'json' };

/** The CometBFT release whose wire, files and RPC we follow. */
export const COMETBFT_VERSION = '0.38.25';
/** ABCI protocol version of CometBFT v0.38. */
export const ABCI_SEMVER = '2.0.0';
/** p2p protocol version of CometBFT v0.38. */
export const P2P_PROTOCOL = 8;
/** Block protocol version of CometBFT v0.38. */
export const BLOCK_PROTOCOL = 11;
/** This package's own version. */
export const COMETTS_VERSION: string = manifest.version;
