/**
 * The address book's group key (pex.md §5): addresses in the same group
 * share buckets, so one network cannot fill the book. IPv4 groups by /16,
 * tunnelled IPv4 by its embedded /16, IPv6 by /32 (/36 for he.net).
 */
import { formatIP, ipv4Bytes, maskBytes, netContains, parseCIDR, type IP } from './ip.js';
import { isLocal, isOnionCatTor, isRFC3964, isRFC4380, isRFC6052, isRFC6145, isRoutable } from './routability.js';

const HE_NET = parseCIDR('2001:470::/32');

const slash16 = (v4: Uint8Array) => maskBytes(v4, 16).join('.');

/** groupKeyFor(addr, strict): "local", "unroutable", a /16, "tor:N" or an IPv6 prefix. */
export function addressGroupKey(addr: { id: string; ip: IP; port: number }, strict: boolean): string {
  const ip = addr.ip;
  if (strict && isLocal(ip)) return 'local';
  if (strict && !isRoutable(addr)) return 'unroutable';
  const v4 = ipv4Bytes(ip);
  if (v4 !== undefined) return slash16(v4);
  if (isRFC6145(ip) || isRFC6052(ip)) return slash16(ip.subarray(12, 16));
  if (isRFC3964(ip)) return slash16(ip.subarray(2, 6));
  if (isRFC4380(ip)) return slash16(ip.subarray(12, 16).map((b) => b ^ 0xff));
  if (isOnionCatTor(ip)) return `tor:${ip[6]! & 0x0f}`;
  return formatIP(maskBytes(ip, netContains(HE_NET, ip) ? 36 : 32));
}
