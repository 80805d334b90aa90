/**
 * Our DefaultNodeInfo, and the checks a peer's NodeInfo must pass after the
 * exchange, in CometBFT's order: Validate() → ID equals the authenticated key
 * → not ourselves → CompatibleWith(ours). Each failure is its own typed error
 * naming the rule.
 */
import {
  BLOCK_PROTOCOL_VERSION,
  DefaultNodeInfo,
  P2P_PROTOCOL_VERSION,
  ValidationError,
  validateNodeId,
  type NodeId,
} from '@cometts/types';
import { IncompatiblePeerError, InvalidNodeInfoError, PeerIdMismatchError, SelfConnectionError } from '../errors/handshake-errors.js';

/** Software version we announce by default (Go nodes do not compare it). */
export const DEFAULT_SOFTWARE_VERSION = '0.38.17';

export interface NodeInfoOptions {
  nodeId: NodeId;
  /** Chain ID of the genesis. */
  network: string;
  /** What we listen on / are reachable at, e.g. `tcp://0.0.0.0:26656` (scheme optional). */
  listenAddr: string;
  moniker: string;
  /** Channel IDs in registration order (the Switch fills these in from its reactors). */
  channels: Uint8Array;
  version?: string;
  appVersion?: bigint;
  blockVersion?: bigint;
  p2pVersion?: bigint;
  txIndex?: '' | 'on' | 'off';
  rpcAddress?: string;
}

/** Builds our NodeInfo; throws InvalidNodeInfoError if it would be refused by peers. */
export function buildNodeInfo(options: NodeInfoOptions): DefaultNodeInfo {
  validateNodeId(options.nodeId);
  const info = DefaultNodeInfo.create({
    protocolVersion: {
      p2p: options.p2pVersion ?? P2P_PROTOCOL_VERSION,
      block: options.blockVersion ?? BLOCK_PROTOCOL_VERSION,
      app: options.appVersion ?? 0n,
    },
    defaultNodeId: options.nodeId.toLowerCase(),
    listenAddr: options.listenAddr,
    network: options.network,
    version: options.version ?? DEFAULT_SOFTWARE_VERSION,
    channels: Uint8Array.from(options.channels),
    moniker: options.moniker,
    other: { txIndex: options.txIndex ?? 'on', rpcAddress: options.rpcAddress ?? '' },
  });
  validateNodeInfoRules(info);
  return info;
}

/** The Validate() rules that need no I/O, as InvalidNodeInfoError. */
export function validateNodeInfoRules(info: DefaultNodeInfo): void {
  try {
    DefaultNodeInfo.validate(info);
  } catch (err) {
    if (err instanceof ValidationError) throw new InvalidNodeInfoError(err.rule, { cause: err });
    throw err;
  }
}

/** CompatibleWith: same block version, same network, and at least one shared channel (if we have any). */
export function checkCompatible(ours: DefaultNodeInfo, theirs: DefaultNodeInfo): void {
  if (ours.protocolVersion.block !== theirs.protocolVersion.block) {
    throw new IncompatiblePeerError('block version', String(ours.protocolVersion.block), String(theirs.protocolVersion.block));
  }
  if (ours.network !== theirs.network) throw new IncompatiblePeerError('network', ours.network, theirs.network);
  if (ours.channels.length === 0) return;
  const theirChannels = new Set(theirs.channels);
  if (!ours.channels.some((ch) => theirChannels.has(ch))) {
    throw new IncompatiblePeerError('channels', hexOf(ours.channels), hexOf(theirs.channels));
  }
}

/** The checks after Validate(): the ID is the authenticated one, not ours, and the peer is compatible. */
export function checkPeerIdentity(ours: DefaultNodeInfo, theirs: DefaultNodeInfo, authenticatedId: NodeId): void {
  if (theirs.defaultNodeId !== authenticatedId) {
    throw new PeerIdMismatchError('node info', authenticatedId, theirs.defaultNodeId);
  }
  if (theirs.defaultNodeId === ours.defaultNodeId) throw new SelfConnectionError(ours.defaultNodeId);
  checkCompatible(ours, theirs);
}

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
