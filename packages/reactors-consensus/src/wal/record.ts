/**
 * WAL record framing: crc32c(data) (4 bytes BE) ‖ len(data) (4 bytes BE) ‖ data,
 * data = proto(TimedWALMessage). Decoding distinguishes a torn tail (the file
 * ends inside a record) from damaged bytes; both carry the record's offset.
 */
import { crc32c } from './crc32c.js';
import { WalCorruptionError, WalRecordTooLargeError } from './errors.js';
import { TimedWALMessage, type WALMessage } from './messages.js';
import type { Timestamp } from '@cometts/types';

/** Upstream maxMsgSizeBytes: a 1 MiB consensus message plus the WAL envelope. */
export const MAX_WAL_RECORD_DATA = 1024 * 1024 + 24;
export const RECORD_HEADER_SIZE = 8;

/** A decoded record: the message, its time, and where it sits in the file. */
export interface WalRecord {
  time: Timestamp;
  msg: WALMessage;
  /** Offset of the record's first byte in its file. */
  offset: number;
  /** Offset just past the record. */
  end: number;
}

/** Frames one message as a WAL record. */
export function encodeRecord(time: Timestamp, msg: WALMessage): Uint8Array {
  const data = TimedWALMessage.encode({ time, msg });
  if (data.length > MAX_WAL_RECORD_DATA) throw new WalRecordTooLargeError(data.length, MAX_WAL_RECORD_DATA);
  const out = new Uint8Array(RECORD_HEADER_SIZE + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, crc32c(data), false);
  view.setUint32(4, data.length, false);
  out.set(data, RECORD_HEADER_SIZE);
  return out;
}

/**
 * Reads the record at `offset` of `buf` (the contents of `file`). Returns
 * undefined at the exact end of the buffer; throws WalCorruptionError for a
 * torn or damaged record.
 */
export function decodeRecordAt(buf: Uint8Array, offset: number, file: string): WalRecord | undefined {
  if (offset === buf.length) return undefined;
  if (buf.length - offset < RECORD_HEADER_SIZE) throw new WalCorruptionError(file, offset, 'truncated header');
  const view = new DataView(buf.buffer, buf.byteOffset + offset, RECORD_HEADER_SIZE);
  const crc = view.getUint32(0, false);
  const length = view.getUint32(4, false);
  if (length > MAX_WAL_RECORD_DATA) throw new WalCorruptionError(file, offset, 'record too large');
  const start = offset + RECORD_HEADER_SIZE;
  const end = start + length;
  if (end > buf.length) throw new WalCorruptionError(file, offset, 'truncated data');
  const data = buf.subarray(start, end);
  if (crc32c(data) !== crc) throw new WalCorruptionError(file, offset, 'checksum mismatch');
  let decoded: TimedWALMessage;
  try {
    decoded = TimedWALMessage.decode(data);
  } catch (cause) {
    throw new WalCorruptionError(file, offset, 'undecodable message', { cause });
  }
  return { time: decoded.time, msg: decoded.msg!, offset, end };
}

/** Every record of a file's contents, in order; throws at the first bad one. */
export function* decodeRecords(buf: Uint8Array, file: string): Generator<WalRecord> {
  let offset = 0;
  for (;;) {
    const record = decodeRecordAt(buf, offset, file);
    if (record === undefined) return;
    yield record;
    offset = record.end;
  }
}
