/**
 * The PEX channel (0x00) messages (tendermint.p2p) and the NetAddress proto.
 * The NetAddress rules are those of upstream NetAddressFromProto, which turn
 * a whole PexAddrs into a disconnect; the domain NetAddress (ID checks,
 * routability) lives in ../p2p.
 */
import { isIP } from 'node:net';
import { f, message, oneof, type Infer } from '../proto/index.js';

/** Go's net.ParseIP: dotted IPv4 or IPv6 text, without a zone. */
const parsesAsIP = (ip: string) => !ip.includes('%') && isIP(ip) !== 0;

export const NetAddressProto = message(
  'NetAddress',
  { id: f.string(1), ip: f.string(2), port: f.uint32(3) },
  [
    ['net address ip must be an IP address', (a) => parsesAsIP(a.ip), ['ip']],
    ['net address port must be < 65536', (a) => a.port < 65536, ['port']],
  ],
);
export type NetAddressProto = Infer<typeof NetAddressProto>;

export const PexRequest = message('PexRequest', {});
export type PexRequest = Infer<typeof PexRequest>;

export const PexAddrs = message('PexAddrs', { addrs: f.repeated(f.message(1, NetAddressProto, { nn: true })) });
export type PexAddrs = Infer<typeof PexAddrs>;

export const PexMessage = oneof('PexMessage', {
  pexRequest: f.message(1, PexRequest, { nn: true }),
  pexAddrs: f.message(2, PexAddrs, { nn: true }),
});
export type PexMessage = Infer<typeof PexMessage>;
