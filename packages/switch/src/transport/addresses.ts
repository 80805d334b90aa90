/** Addresses the transport derives from sockets and NodeInfo. */
import { NetAddress, formatIP, removeProtocol } from '@cometts/types';
import { InvalidNodeInfoError } from '../errors/handshake-errors.js';

/** `ip` as Node's net.connect wants it (no brackets). */
export function hostOf(address: NetAddress): string {
  return formatIP(address.ip);
}

/** The remote end of an accepted socket, with the authenticated ID. */
export function socketAddress(ip: string | undefined, port: number | undefined, id: string): NetAddress {
  return NetAddress.fromIPPort(ip ?? '0.0.0.0', port ?? 0, id);
}

/**
 * Validate() step 1: `id@listen_addr` must parse as a NetAddress; a host
 * name must resolve by DNS (first address), as CometBFT requires.
 */
export async function resolveListenAddress(
  id: string,
  listenAddr: string,
  resolver?: (host: string) => Promise<string>,
): Promise<NetAddress> {
  try {
    return await NetAddress.resolve(`${id}@${removeProtocol(listenAddr)}`, resolver);
  } catch (err) {
    throw new InvalidNodeInfoError(`node info listen_addr must be a resolvable host:port (${(err as Error).message})`, { cause: err });
  }
}

