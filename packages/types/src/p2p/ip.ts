/**
 * IP addresses the way Go's net package handles them: parsed into 16 bytes
 * (IPv4 as ::ffff:a.b.c.d), printed by IP.String() (IPv4-mapped as dotted
 * quad, IPv6 with the longest zero run compressed), and matched against
 * networks where an IPv4 network only contains IPv4 addresses.
 */
export type IP = Uint8Array;

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Go rejects empty fields, more than 3 digits and leading zeros.
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(text: string): number[] | undefined {
  let head = text;
  let tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0) return undefined;
    head = text.slice(0, dbl);
    tail = text.slice(dbl + 2);
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const fields = s.split(':');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (i === fields.length - 1 && field.includes('.')) {
        const v4 = parseV4(field);
        if (v4 === undefined) return undefined;
        out.push(v4[0]!, v4[1]!, v4[2]!, v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(field)) return undefined;
      const n = parseInt(field, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const a = groups(head);
  const b = groups(tail);
  if (a === undefined || b === undefined) return undefined;
  // An embedded IPv4 may only end the address.
  if (dbl >= 0 && head.includes('.')) return undefined;
  if (dbl < 0) return a.length === 16 ? a : undefined;
  if (a.length + b.length > 14) return undefined;
  return [...a, ...new Array<number>(16 - a.length - b.length).fill(0), ...b];
}

/** Go's net.ParseIP: dotted IPv4 or IPv6 text (no zone); undefined if neither. */
export function parseIP(text: string): IP | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  if (!text.includes(':')) {
    const v4 = parseV4(text);
    return v4 === undefined ? undefined : new Uint8Array([...V4_PREFIX, ...v4]);
  }
  const v6 = parseV6(text);
  return v6 === undefined ? undefined : new Uint8Array(v6);
}

/** The 16-byte form of a 4- or 16-byte address. */
export function to16(ip: Uint8Array): IP {
  if (ip.length === 16) return ip;
  if (ip.length === 4) return new Uint8Array([...V4_PREFIX, ...ip]);
  throw new RangeError(`an IP address has 4 or 16 bytes, got ${ip.length}`);
}

/** True for IPv4 (stored IPv4-mapped). */
export function isIPv4(ip: IP): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_PREFIX[i]) return false;
  return true;
}

/** The 4 IPv4 bytes, or undefined for a real IPv6 address. */
export function ipv4Bytes(ip: IP): Uint8Array | undefined {
  return isIPv4(ip) ? ip.subarray(12, 16) : undefined;
}

/** Go's IP.String(). */
export function formatIP(ip: IP): string {
  const v4 = ipv4Bytes(ip);
  if (v4 !== undefined) return v4.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i]! << 8) | ip[i + 1]!);
  // Longest run of at least two zero groups; the first wins ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number) => g.toString(16);
  if (bestLen < 2) return groups.map(hex).join(':');
  return `${groups.slice(0, bestStart).map(hex).join(':')}::${groups.slice(bestStart + bestLen).map(hex).join(':')}`;
}

export interface IPNet {
  /** 4 bytes for an IPv4 network, 16 for IPv6. */
  readonly ip: Uint8Array;
  readonly bits: number;
}

/** A network from CIDR text, e.g. "10.0.0.0/8" or "fe80::/64". */
export function parseCIDR(text: string): IPNet {
  const [addr, bits] = text.split('/');
  const ip = parseIP(addr ?? '');
  if (ip === undefined || bits === undefined) throw new RangeError(`bad CIDR ${text}`);
  const v4 = ipv4Bytes(ip);
  return { ip: v4 !== undefined && !addr!.includes(':') ? v4.slice() : ip, bits: Number(bits) };
}

/** Go's IPNet.Contains: IPv4 networks contain only IPv4 addresses and IPv6 networks only IPv6 ones. */
export function netContains(net: IPNet, ip: IP): boolean {
  const v4 = ipv4Bytes(ip);
  const addr = v4 ?? ip;
  if (addr.length !== net.ip.length) return false;
  let bits = net.bits;
  for (let i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i]! & mask) !== (net.ip[i]! & mask)) return false;
  }
  return true;
}

/** The first `bits` bits of `bytes`, the rest zeroed (Go's IP.Mask with a CIDR mask). */
export function maskBytes(bytes: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length && bits > 0; i++, bits -= 8) {
    out[i] = bytes[i]! & (bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff);
  }
  return out;
}
