/** p2p/conn: the MConnection packets (tendermint.p2p.Packet*). */
import { f, message, oneof, type Infer } from '../proto/index.js';

export const PacketPing = message('PacketPing', {});
export const PacketPong = message('PacketPong', {});
export const PacketMsg = message(
  'PacketMsg',
  {
    channelId: f.int32(1),
    eof: f.bool(2),
    data: f.bytes(3),
  },
  [['channel_id must be 0..255', (m) => m.channelId >= 0 && m.channelId <= 255, ['channelId']]],
);
export const Packet = oneof('Packet', {
  ping: f.message(1, PacketPing, { nn: true }),
  pong: f.message(2, PacketPong, { nn: true }),
  msg: f.message(3, PacketMsg, { nn: true }),
});

export type PacketPing = Infer<typeof PacketPing>;
export type PacketPong = Infer<typeof PacketPong>;
export type PacketMsg = Infer<typeof PacketMsg>;
export type Packet = Infer<typeof Packet>;
