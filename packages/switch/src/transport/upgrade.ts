/**
 * Turns an authenticated-nothing TCP socket into a checked connection:
 * SecretConnection → (outbound) key matches the dialed ID → NodeInfo exchange
 * → Validate() → ID matches the key, not ourselves, compatible → peer
 * filters. Each step is bounded; any failure destroys the socket.
 */
import type { Socket } from 'node:net';
import { secretHandshake, type SecretConnection } from '@cometts/mconn';
import type { DefaultNodeInfo, Ed25519PrivateKey, NetAddress, NodeId } from '@cometts/types';
import { FilterTimeoutError, InvalidNodeInfoError, PeerFilteredError, PeerIdMismatchError } from '../errors/handshake-errors.js';
import { checkPeerIdentity, validateNodeInfoRules } from '../node/node-info.js';
import { withTimeout } from '../util/time.js';
import { resolveListenAddress, socketAddress } from './addresses.js';
import { exchangeNodeInfo } from './node-info-exchange.js';

/** What a peer filter sees; throw (or reject) to refuse the peer. */
export interface PeerFilterInput {
  readonly id: NodeId;
  readonly nodeInfo: DefaultNodeInfo;
  readonly remoteAddress: NetAddress;
  readonly isOutbound: boolean;
}
export type PeerFilter = (peer: PeerFilterInput) => void | Promise<void>;

/** A connection that passed every transport check, ready to become a peer. */
export interface UpgradedConnection {
  readonly socket: Socket;
  readonly stream: SecretConnection;
  readonly nodeInfo: DefaultNodeInfo;
  /** Outbound: the dialed address; inbound: the remote IP:port with the authenticated ID. */
  readonly remoteAddress: NetAddress;
  /** ID@listen_addr the peer reported (resolved). */
  readonly listenAddress: NetAddress;
  readonly isOutbound: boolean;
}

export interface UpgradeSettings {
  identity: Ed25519PrivateKey;
  ourNodeInfo: DefaultNodeInfo;
  handshakeTimeoutMs: number;
  filterTimeoutMs: number;
  peerFilters: readonly PeerFilter[];
  resolver?: (host: string) => Promise<string>;
  signal?: AbortSignal;
}

export async function upgradeConnection(
  socket: Socket,
  dialed: NetAddress | undefined,
  settings: UpgradeSettings,
): Promise<UpgradedConnection> {
  let stream: SecretConnection | undefined;
  try {
    stream = await secretHandshake(socket, settings.identity, {
      timeoutMs: settings.handshakeTimeoutMs,
      ...(settings.signal ? { signal: settings.signal } : {}),
    });
    const remoteId = stream.remoteNodeId;
    if (dialed && dialed.id !== remoteId) throw new PeerIdMismatchError('dialed address', dialed.id, remoteId);

    const theirs = await exchangeNodeInfo(stream, settings.ourNodeInfo, {
      timeoutMs: settings.handshakeTimeoutMs,
      ...(settings.signal ? { signal: settings.signal } : {}),
    });
    validateNodeInfoRules(theirs);
    const listenAddress = await withTimeout(
      resolveListenAddress(theirs.defaultNodeId, theirs.listenAddr, settings.resolver),
      settings.handshakeTimeoutMs,
      () => new InvalidNodeInfoError(`node info listen_addr did not resolve within ${settings.handshakeTimeoutMs} ms`),
    );
    checkPeerIdentity(settings.ourNodeInfo, theirs, remoteId);

    const remoteAddress = dialed ?? socketAddress(socket.remoteAddress, socket.remotePort, remoteId);
    const filterInput: PeerFilterInput = { id: remoteId, nodeInfo: theirs, remoteAddress, isOutbound: dialed !== undefined };
    await runPeerFilters(settings.peerFilters, filterInput, settings.filterTimeoutMs);
    return { socket, stream, nodeInfo: theirs, remoteAddress, listenAddress, isOutbound: dialed !== undefined };
  } catch (err) {
    stream?.destroy();
    socket.destroy();
    throw err;
  }
}

async function runPeerFilters(filters: readonly PeerFilter[], peer: PeerFilterInput, timeoutMs: number): Promise<void> {
  if (filters.length === 0) return;
  const all = Promise.all(
    filters.map(async (filter) => {
      try {
        await filter(peer);
      } catch (err) {
        throw new PeerFilteredError(peer.id, { cause: err });
      }
    }),
  );
  await withTimeout(all, timeoutMs, () => new FilterTimeoutError('peer', timeoutMs));
}
