/**
 * NetAddress: `id@ip:port`, a peer's dialable address. Parsing follows Go's
 * NewNetAddressString (optional `scheme://` removed, exactly one `@`, Go's
 * SplitHostPort, base-10 uint16 port); a host name is resolved by DNS only in
 * the async variant. Valid/Routable follow p2p/netaddress.go.
 */
import { lookup } from 'node:dns/promises';
import type { NetAddressProto } from '../messages/pex.js';
import { nodeIdProblem } from '../crypto/node-id.js';
import { formatIP, isIPv4, parseIP, to16, type IP } from './ip.js';
import { InvalidNetAddressError, NetAddressLookupError, NetAddressNoIdError } from './net-address-errors.js';
import { addressProblem, isLocal, isRoutable } from './routability.js';

export class NetAddress {
  readonly ip: IP;

  /** `ip` is 4 or 16 bytes; it is kept in Go's 16-byte form. */
  constructor(
    readonly id: string,
    ip: Uint8Array,
    readonly port: number,
  ) {
    this.ip = to16(ip);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be 0..65535, got ${port}`);
  }

  /** `ip:port` (IPv6 bracketed): what is dialled. */
  dialString(): string {
    const host = formatIP(this.ip);
    return isIPv4(this.ip) ? `${host}:${this.port}` : `[${host}]:${this.port}`;
  }

  /** `id@ip:port` as CometBFT prints it (just `ip:port` without an ID). */
  toString(): string {
    return this.id === '' ? this.dialString() : `${this.id}@${this.dialString()}`;
  }

  /** Equal: same string form. */
  equals(other: NetAddress): boolean {
    return this.toString() === other.toString();
  }

  /** Same: the same dial string, or the same non-empty ID. */
  same(other: NetAddress): boolean {
    return this.dialString() === other.dialString() || (this.id !== '' && this.id === other.id);
  }

  /** Why the address is not Valid() (bad ID, unspecified, RFC 3849, broadcast, port 0), or undefined. */
  problem(): string | undefined {
    return addressProblem(this);
  }

  isValid(): boolean {
    return this.problem() === undefined;
  }

  /** Valid and not in a private, link-local, unique-local, ORCHID or local range. */
  isRoutable(): boolean {
    return isRoutable(this);
  }

  /** Loopback or 0.0.0.0/8. */
  isLocal(): boolean {
    return isLocal(this.ip);
  }

  toProto(): NetAddressProto {
    return { id: this.id, ip: formatIP(this.ip), port: this.port };
  }

  /** NetAddressFromProto: the IP must parse and the port fit 16 bits; the ID is not checked here. */
  static fromProto(proto: NetAddressProto): NetAddress {
    const ip = parseIP(proto.ip);
    if (ip === undefined) throw new InvalidNetAddressError(proto.ip, 'invalid IP address');
    if (proto.port >= 65536) throw new InvalidNetAddressError(`${proto.ip}:${proto.port}`, 'invalid port number');
    return new NetAddress(proto.id, ip, proto.port);
  }

  /** Parses `id@ip:port` without DNS: a host name throws NetAddressLookupError. */
  static parse(text: string): NetAddress {
    const { id, host, port } = splitAddress(text);
    const ip = parseIP(host);
    if (ip === undefined) throw new NetAddressLookupError(host, 'host is not an IP address and DNS resolution was not requested');
    return new NetAddress(id, ip, port);
  }

  /** Parses `id@host:port`, resolving a host name by DNS (first address), as CometBFT does. */
  static async resolve(text: string, resolver: (host: string) => Promise<string> = resolveFirst): Promise<NetAddress> {
    const { id, host, port } = splitAddress(text);
    let ip = parseIP(host);
    if (ip === undefined) {
      let address: string;
      try {
        address = await resolver(host);
      } catch (err) {
        throw new NetAddressLookupError(host, (err as Error).message, { cause: err });
      }
      ip = parseIP(address);
      if (ip === undefined) throw new NetAddressLookupError(host, `resolver returned ${JSON.stringify(address)}`);
    }
    return new NetAddress(id, ip, port);
  }

  /** An address from a socket's remote IP and port (no ID yet). */
  static fromIPPort(ip: string, port: number, id = ''): NetAddress {
    // Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; parseIP folds that to IPv4.
    const parsed = parseIP(ip);
    if (parsed === undefined) throw new InvalidNetAddressError(ip, 'invalid IP address');
    return new NetAddress(id, parsed, port);
  }
}

async function resolveFirst(host: string): Promise<string> {
  const { address } = await lookup(host, { verbatim: true });
  return address;
}

/** Removes `scheme://` if present (Go keeps what follows the first "://"). */
export function removeProtocol(address: string): string {
  const i = address.indexOf('://');
  if (i < 0) return address;
  const rest = address.slice(i + 3);
  const j = rest.indexOf('://');
  return j < 0 ? rest : rest.slice(0, j);
}

/** Go's net.SplitHostPort. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const fail = (reason: string): never => {
    throw new InvalidNetAddressError(hostport, reason);
  };
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return fail('missing port in address');
  let host: string;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return fail('missing \']\' in address');
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== colon) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    if (host.includes('[') || host.includes(']')) return fail('unexpected bracket in address');
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(':')) return fail('too many colons in address');
    if (host.includes('[') || host.includes(']')) return fail('unexpected bracket in address');
  }
  const port = hostport.slice(colon + 1);
  if (port.includes('[') || port.includes(']')) return fail('unexpected bracket in address');
  return { host, port };
}

function splitAddress(text: string): { id: string; host: string; port: number } {
  const address = removeProtocol(text);
  const parts = address.split('@');
  if (parts.length !== 2) throw new NetAddressNoIdError(address);
  const [id, hostport] = parts as [string, string];
  const idProblem = nodeIdProblem(id);
  if (idProblem !== undefined) throw new InvalidNetAddressError(address, idProblem);
  const { host, port } = splitHostPort(hostport);
  if (host.length === 0) throw new InvalidNetAddressError(hostport, 'host is empty');
  if (!/^\d{1,16}$/.test(port) || Number(port) > 65535) throw new InvalidNetAddressError(port, 'port must be a base-10 number in 0..65535');
  return { id, host, port: Number(port) };
}
