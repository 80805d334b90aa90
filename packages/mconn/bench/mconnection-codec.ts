/**
 * The MConnection's hand-written Packet codec against the generic Packet
 * codec of @cometts/types, on 1024-byte PacketMsgs (the bulk-transfer case).
 * Limit: copying the same payload bytes into the same batch buffer (memcpy),
 * which any encoder must do. MB = 10^6 payload bytes; best of 5 runs.
 */
import { randomBytes } from 'node:crypto';
import { Packet } from '@cometts/types';
import { decodePacket, newDecodedPacket, writePacketMsg } from '../src/mconnection/packet-codec.js';

const PACKETS = 20_000;
const PAYLOAD = 1024;
const BATCH = 64 * 1024;

function emit(bench: string, value: number, unit: string, limit: number | null = null): void {
  const round = (x: number): number => Math.round(x * 10) / 10;
  const ratio = limit ? Math.round((value / limit) * 100) / 100 : null;
  console.log(JSON.stringify({ bench, value: round(value), unit, limit: limit === null ? null : round(limit), ratio }));
}

function rate(body: () => void): number {
  let best = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    body();
    best = Math.max(best, (PACKETS * PAYLOAD) / ((performance.now() - start) * 1000));
  }
  return best;
}

const message = randomBytes(PAYLOAD * 64);
const batch = Buffer.allocUnsafe(BATCH + 2048);

const memcpy = rate(() => {
  let pos = 0;
  for (let i = 0; i < PACKETS; i++) {
    if (pos + PAYLOAD > BATCH) pos = 0;
    const off = (i & 63) * PAYLOAD;
    batch.set(message.subarray(off, off + PAYLOAD), pos);
    pos += PAYLOAD;
  }
});

const handEncode = rate(() => {
  let pos = 0;
  for (let i = 0; i < PACKETS; i++) {
    if (pos + 1040 > BATCH) pos = 0;
    const off = (i & 63) * PAYLOAD;
    pos = writePacketMsg(batch, pos, 0x40, (i & 63) === 63, message, off, off + PAYLOAD);
  }
});

const genericEncode = rate(() => {
  let pos = 0;
  for (let i = 0; i < PACKETS; i++) {
    if (pos + 1040 > BATCH) pos = 0;
    const off = (i & 63) * PAYLOAD;
    const wire = Packet.encodeDelimited({
      case: 'msg',
      value: { channelId: 0x40, eof: (i & 63) === 63, data: message.subarray(off, off + PAYLOAD) },
    });
    batch.set(wire, pos);
    pos += wire.length;
  }
});

const wires: Uint8Array[] = [];
for (let i = 0; i < 64; i++) {
  wires.push(Packet.encode({ case: 'msg', value: { channelId: 0x40, eof: i === 63, data: message.subarray(i * PAYLOAD, (i + 1) * PAYLOAD) } }));
}
const out = newDecodedPacket();
const reassembly = Buffer.allocUnsafe(PAYLOAD * 64);

// Both decoders end with the payload copied out (into the reassembly buffer).
const handDecode = rate(() => {
  for (let i = 0; i < PACKETS; i++) {
    const wire = wires[i & 63]!;
    decodePacket(wire, 0, wire.length, out);
    reassembly.set(wire.subarray(out.dataStart, out.dataEnd), (i & 63) * PAYLOAD);
  }
});

const genericDecode = rate(() => {
  for (let i = 0; i < PACKETS; i++) {
    const packet = Packet.decode(wires[i & 63]!);
    if (packet.case === 'msg') reassembly.set(packet.value.data, (i & 63) * PAYLOAD);
  }
});

emit('mconn.mconnection.packet.encode.handwritten.1KiB', handEncode, 'MB/s', memcpy);
emit('mconn.mconnection.packet.encode.generic.1KiB', genericEncode, 'MB/s', memcpy);
emit('mconn.mconnection.packet.decode.handwritten.1KiB', handDecode, 'MB/s', memcpy);
emit('mconn.mconnection.packet.decode.generic.1KiB', genericDecode, 'MB/s', memcpy);
