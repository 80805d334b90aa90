/**
 * Hand-written codec for the MConnection's delimited `Packet` (the hot path).
 * It writes PacketMsgs straight into a batch buffer and decodes a Packet in
 * place into a reused record, so neither direction allocates per packet. It
 * produces and accepts exactly what the generic `Packet` codec of
 * @cometts/types does (a property test cross-checks both directions).
 *
 * Wire: uvarint(len) ‖ Packet, Packet = oneof { 1: PacketPing, 2: PacketPong,
 * 3: PacketMsg{1: int32 channel_id, 2: bool eof, 3: bytes data} }.
 */
import { MalformedPacketError } from './errors.js';

export const PING_WIRE: Uint8Array = Uint8Array.of(0x02, 0x0a, 0x00);
export const PONG_WIRE: Uint8Array = Uint8Array.of(0x02, 0x12, 0x00);

export const PACKET_PING = 1;
export const PACKET_PONG = 2;
export const PACKET_MSG = 3;

/** A decoded Packet; for PacketMsg the data is buf[dataStart, dataEnd) of the decoded buffer. */
export interface DecodedPacket {
  kind: number;
  channelId: number;
  eof: boolean;
  dataStart: number;
  dataEnd: number;
}

export const newDecodedPacket = (): DecodedPacket => ({ kind: 0, channelId: 0, eof: false, dataStart: 0, dataEnd: 0 });

const uvarintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

function writeUvarint(out: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    out[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[pos++] = value;
  return pos;
}

function packetMsgBodySize(channelId: number, dataLength: number, eof: boolean): number {
  return (
    (channelId === 0 ? 0 : 1 + uvarintSize(channelId)) +
    (eof ? 2 : 0) +
    (dataLength === 0 ? 0 : 1 + uvarintSize(dataLength) + dataLength)
  );
}

/** Size of Packet{packet_msg} without its length prefix (what the receiver checks against maxPacketMsgSize). */
export function packetMsgSize(channelId: number, dataLength: number, eof: boolean): number {
  const body = packetMsgBodySize(channelId, dataLength, eof);
  return 1 + uvarintSize(body) + body;
}

/** Bytes on the wire (length prefix included) of one PacketMsg; channelId must be 0..255. */
export function packetMsgWireSize(channelId: number, dataLength: number, eof: boolean): number {
  const packet = packetMsgSize(channelId, dataLength, eof);
  return uvarintSize(packet) + packet;
}

/**
 * Writes delimited Packet{packet_msg{channelId, eof, data[dataStart, dataEnd)}}
 * at out[pos] and returns the position after it. The caller guarantees room
 * (packetMsgWireSize). Zero fields are left out, as proto3 does.
 */
export function writePacketMsg(
  out: Uint8Array,
  pos: number,
  channelId: number,
  eof: boolean,
  data: Uint8Array,
  dataStart: number,
  dataEnd: number,
): number {
  const dataLength = dataEnd - dataStart;
  const body = packetMsgBodySize(channelId, dataLength, eof);
  pos = writeUvarint(out, pos, 1 + uvarintSize(body) + body);
  out[pos++] = 0x1a; // field 3 (packet_msg), length-delimited
  pos = writeUvarint(out, pos, body);
  if (channelId !== 0) {
    out[pos++] = 0x08;
    pos = writeUvarint(out, pos, channelId);
  }
  if (eof) {
    out[pos++] = 0x10;
    out[pos++] = 0x01;
  }
  if (dataLength !== 0) {
    out[pos++] = 0x1a;
    pos = writeUvarint(out, pos, dataLength);
    out.set(dataLength === data.length ? data : data.subarray(dataStart, dataEnd), pos);
    pos += dataLength;
  }
  return pos;
}

// Result registers of readVarint: single-threaded and never re-entered, so no allocation.
let varLo = 0;
let varHi = 0;

function fail(reason: string): never {
  throw new MalformedPacketError(reason);
}

/** Reads a varint at buf[pos] (bounded by end) into varLo/varHi; returns the position after it. */
function readVarint(buf: Uint8Array, pos: number, end: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) fail('truncated varint');
    const byte = buf[pos++]!;
    if (i < 4) lo |= (byte & 0x7f) << (7 * i);
    else if (i === 4) {
      lo |= (byte & 0x0f) << 28;
      hi = (byte & 0x7f) >>> 4;
    } else hi |= (byte & 0x7f) << (3 + (i - 5) * 7);
    if (byte < 0x80) {
      varLo = lo >>> 0;
      varHi = hi >>> 0;
      return pos;
    }
  }
  return fail('varint longer than 10 bytes');
}

/** Reads a tag; leaves the field number in varLo and the wire type in varHi. */
function readTag(buf: Uint8Array, pos: number, end: number): number {
  pos = readVarint(buf, pos, end);
  if (varHi !== 0) fail('field number out of range');
  const tag = varLo;
  if (tag >>> 3 === 0) fail('field number 0');
  varLo = tag >>> 3;
  varHi = tag & 7;
  return pos;
}

/** Reads a length prefix that must fit before `end`; leaves it in varLo. */
function readLength(buf: Uint8Array, pos: number, end: number): number {
  pos = readVarint(buf, pos, end);
  if (varHi !== 0 || varLo > end - pos) fail('length exceeds remaining bytes');
  return pos;
}

function skipField(buf: Uint8Array, pos: number, end: number, wireType: number): number {
  switch (wireType) {
    case 0:
      return readVarint(buf, pos, end);
    case 1:
      if (end - pos < 8) fail('truncated fixed64');
      return pos + 8;
    case 2:
      pos = readLength(buf, pos, end);
      return pos + varLo;
    case 5:
      if (end - pos < 4) fail('truncated fixed32');
      return pos + 4;
    default:
      return fail(`unsupported wire type ${wireType}`);
  }
}

/** PacketPing / PacketPong have no fields: anything inside must still be well-formed. */
function skipAllFields(buf: Uint8Array, pos: number, end: number): void {
  while (pos < end) {
    pos = readTag(buf, pos, end);
    pos = skipField(buf, pos, end, varHi);
  }
}

function readPacketMsg(buf: Uint8Array, pos: number, end: number, out: DecodedPacket): void {
  out.channelId = 0;
  out.eof = false;
  out.dataStart = 0;
  out.dataEnd = 0;
  while (pos < end) {
    pos = readTag(buf, pos, end);
    const field = varLo;
    const wireType = varHi;
    if (field === 1 || field === 2) {
      if (wireType !== 0) fail(`PacketMsg field ${field} has wire type ${wireType}`);
      pos = readVarint(buf, pos, end);
      if (field === 1) out.channelId = varLo | 0;
      else out.eof = varLo !== 0 || varHi !== 0;
    } else if (field === 3) {
      if (wireType !== 2) fail(`PacketMsg field 3 has wire type ${wireType}`);
      pos = readLength(buf, pos, end);
      out.dataStart = pos;
      out.dataEnd = pos + varLo;
      pos += varLo;
    } else {
      pos = skipField(buf, pos, end, wireType);
    }
  }
}

/**
 * Decodes the Packet in buf[start, end) (no length prefix) into `out`.
 * Throws MalformedPacketError for anything the generic codec rejects,
 * including an empty or unknown oneof ("unknown message type").
 */
export function decodePacket(buf: Uint8Array, start: number, end: number, out: DecodedPacket): void {
  let kind = 0;
  let pos = start;
  while (pos < end) {
    pos = readTag(buf, pos, end);
    const field = varLo;
    const wireType = varHi;
    if (field < 1 || field > 3) {
      pos = skipField(buf, pos, end, wireType);
      continue;
    }
    if (wireType !== 2) fail(`Packet field ${field} has wire type ${wireType}`);
    pos = readLength(buf, pos, end);
    const bodyEnd = pos + varLo;
    if (field === PACKET_MSG) readPacketMsg(buf, pos, bodyEnd, out);
    else skipAllFields(buf, pos, bodyEnd);
    kind = field;
    pos = bodyEnd;
  }
  if (kind === 0) fail('unknown message type (empty or unknown oneof)');
  out.kind = kind;
}
