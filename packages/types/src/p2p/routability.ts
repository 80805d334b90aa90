/**
 * Address classes of p2p/netaddress.go: the special ranges that make an
 * address invalid (Valid) or not worth sharing (Routable), and those the
 * address book's group key looks at.
 */
import { nodeIdProblem } from '../crypto/node-id.js';
import { ipv4Bytes, netContains, parseCIDR, type IP, type IPNet } from './ip.js';

const net = (cidr: string): IPNet => parseCIDR(cidr);

export const RFC1918_10 = net('10.0.0.0/8');
export const RFC1918_192 = net('192.168.0.0/16');
export const RFC1918_172 = net('172.16.0.0/12');
export const RFC3849 = net('2001:db8::/32');
export const RFC3927 = net('169.254.0.0/16');
export const RFC3964 = net('2002::/16');
export const RFC4193 = net('fc00::/7');
export const RFC4380 = net('2001::/32');
export const RFC4843 = net('2001:10::/28');
export const RFC4862 = net('fe80::/64');
export const RFC6052 = net('64:ff9b::/96');
export const RFC6145 = net('::ffff:0:0:0/96');
export const ONION_CAT = net('fd87:d87e:eb43::/48');
const ZERO4 = net('0.0.0.0/8');

export const isRFC1918 = (ip: IP) => netContains(RFC1918_10, ip) || netContains(RFC1918_192, ip) || netContains(RFC1918_172, ip);
export const isRFC3849 = (ip: IP) => netContains(RFC3849, ip);
export const isRFC3927 = (ip: IP) => netContains(RFC3927, ip);
export const isRFC3964 = (ip: IP) => netContains(RFC3964, ip);
export const isRFC4193 = (ip: IP) => netContains(RFC4193, ip);
export const isRFC4380 = (ip: IP) => netContains(RFC4380, ip);
export const isRFC4843 = (ip: IP) => netContains(RFC4843, ip);
export const isRFC4862 = (ip: IP) => netContains(RFC4862, ip);
export const isRFC6052 = (ip: IP) => netContains(RFC6052, ip);
export const isRFC6145 = (ip: IP) => netContains(RFC6145, ip);
export const isOnionCatTor = (ip: IP) => netContains(ONION_CAT, ip);

/** Go's IP.IsLoopback: 127.0.0.0/8 or ::1. */
export function isLoopback(ip: IP): boolean {
  const v4 = ipv4Bytes(ip);
  if (v4 !== undefined) return v4[0] === 127;
  for (let i = 0; i < 15; i++) if (ip[i] !== 0) return false;
  return ip[15] === 1;
}

/** Go's IP.IsUnspecified: 0.0.0.0 or ::. */
export function isUnspecified(ip: IP): boolean {
  const v4 = ipv4Bytes(ip);
  return (v4 ?? ip).every((b) => b === 0);
}

const isBroadcast = (ip: IP) => ipv4Bytes(ip)?.every((b) => b === 255) === true;

/** NetAddress.Local: loopback or 0.0.0.0/8. */
export function isLocal(ip: IP): boolean {
  return isLoopback(ip) || netContains(ZERO4, ip);
}

/**
 * Why an address is not Valid(): invalid ID, unspecified IP, RFC 3849
 * documentation range or IPv4 broadcast; we also refuse port 0, which
 * cannot be dialled.
 */
export function addressProblem(addr: { id: string; ip: IP; port: number }): string | undefined {
  const idProblem = nodeIdProblem(addr.id);
  if (idProblem !== undefined) return `invalid ID: ${idProblem}`;
  if (isUnspecified(addr.ip) || isRFC3849(addr.ip) || isBroadcast(addr.ip)) return 'invalid IP';
  if (addr.port === 0) return 'port 0 cannot be dialled';
  return undefined;
}

/** NetAddress.Routable: valid and in none of the private, link-local, unique-local, ORCHID or local ranges. */
export function isRoutable(addr: { id: string; ip: IP; port: number }): boolean {
  if (addressProblem(addr) !== undefined) return false;
  const ip = addr.ip;
  return !(isRFC1918(ip) || isRFC3927(ip) || isRFC4862(ip) || isRFC4193(ip) || isRFC4843(ip) || isLocal(ip));
}
