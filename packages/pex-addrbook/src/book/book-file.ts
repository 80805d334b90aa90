/**
 * CometBFT's addrbook.json (pex.md §7): Go's JSON with tab indentation. Decoding
 * checks everything the book relies on (bucket ranges, types, times), so a bad
 * file is reported as corrupt instead of breaking the book later.
 */
import { NetAddress, formatIP } from '@cometts/types';
import { formatGoTime, parseGoTime } from './go-time.js';
import { KnownAddress } from './known-address.js';
import {
  BUCKET_TYPE_NEW,
  BUCKET_TYPE_OLD,
  MAX_NEW_BUCKETS_PER_ADDRESS,
  NEW_BUCKET_COUNT,
  OLD_BUCKET_COUNT,
} from './params.js';

/** Thrown by decodeBookFile; the caller wraps it with the file name. */
export class BookFileFormatError extends Error {}

interface NetAddressJson {
  id: string;
  ip: string;
  port: number;
}

const netAddressJson = (a: NetAddress): NetAddressJson => ({ id: a.id, ip: formatIP(a.ip), port: a.port });

/** The file text, byte-compatible with Go's json.MarshalIndent(…, "", "\t"). */
export function encodeBookFile(key: string, entries: Iterable<KnownAddress>): string {
  const addrs = [];
  for (const ka of entries) {
    addrs.push({
      addr: netAddressJson(ka.addr),
      src: netAddressJson(ka.src),
      buckets: ka.buckets,
      attempts: ka.attempts,
      bucket_type: ka.bucketType,
      last_attempt: formatGoTime(ka.lastAttempt),
      last_success: formatGoTime(ka.lastSuccess),
      last_ban_time: formatGoTime(ka.lastBanTime),
    });
  }
  return JSON.stringify({ key, addrs }, null, '\t');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(where: string, reason: string): never {
  throw new BookFileFormatError(`${where}: ${reason}`);
}

function decodeNetAddress(value: unknown, where: string, requireValid: boolean): NetAddress {
  if (!isObject(value)) fail(where, 'not an object');
  const { id, ip, port } = value;
  if (typeof id !== 'string') fail(where, 'id is not a string');
  if (typeof ip !== 'string') fail(where, 'ip is not a string');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) fail(where, 'port is not 0..65535');
  let address: NetAddress;
  try {
    address = NetAddress.fromProto({ id, ip, port });
  } catch (error) {
    fail(where, (error as Error).message);
  }
  const problem = requireValid ? address.problem() : undefined;
  if (problem !== undefined) fail(where, problem);
  return address;
}

function decodeTime(value: unknown, where: string): number {
  const ms = typeof value === 'string' ? parseGoTime(value) : undefined;
  if (ms === undefined) fail(where, 'not an RFC 3339 time');
  return ms;
}

function decodeBuckets(value: unknown, type: number, where: string): number[] {
  if (!Array.isArray(value)) fail(where, 'buckets is not an array');
  const count = type === BUCKET_TYPE_OLD ? OLD_BUCKET_COUNT : NEW_BUCKET_COUNT;
  const max = type === BUCKET_TYPE_OLD ? 1 : MAX_NEW_BUCKETS_PER_ADDRESS;
  if (value.length < 1 || value.length > max) fail(where, `a ${type === BUCKET_TYPE_OLD ? 'tried' : 'new'} address is in 1..${max} buckets, not ${value.length}`);
  const seen = new Set<number>();
  for (const index of value) {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) fail(where, `bucket index ${JSON.stringify(index)} is not 0..${count - 1}`);
    if (seen.has(index)) fail(where, `bucket index ${index} is listed twice`);
    seen.add(index);
  }
  return [...seen];
}

function decodeEntry(value: unknown, i: number): { ka: KnownAddress; buckets: number[] } {
  const where = `addrs[${i}]`;
  if (!isObject(value)) fail(where, 'not an object');
  const addr = decodeNetAddress(value.addr, `${where}.addr`, true);
  const src = decodeNetAddress(value.src, `${where}.src`, false);
  const type = value.bucket_type;
  if (type !== BUCKET_TYPE_NEW && type !== BUCKET_TYPE_OLD) fail(where, `bucket_type ${JSON.stringify(type)} is neither 1 (new) nor 2 (old)`);
  const attempts = value.attempts;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 2 ** 31 - 1) fail(where, 'attempts is not a non-negative int32');
  const ka = new KnownAddress(addr, src, decodeTime(value.last_attempt, `${where}.last_attempt`));
  ka.bucketType = type;
  ka.attempts = attempts;
  ka.lastSuccess = decodeTime(value.last_success, `${where}.last_success`);
  ka.lastBanTime = decodeTime(value.last_ban_time, `${where}.last_ban_time`);
  return { ka, buckets: decodeBuckets(value.buckets, type, where) };
}

/**
 * Parses the file text. Entries come back with their bucket lists still to be
 * applied (KnownAddress.buckets is filled by the table as it places them).
 */
export function decodeBookFile(text: string): { key: string; entries: { ka: KnownAddress; buckets: number[] }[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail('file', `not JSON (${(error as Error).message})`);
  }
  if (!isObject(json)) fail('file', 'not a JSON object');
  if (typeof json.key !== 'string' || json.key.length === 0) fail('key', 'missing or not a string');
  const addrs = json.addrs ?? [];
  if (!Array.isArray(addrs)) fail('addrs', 'not an array');
  const ids = new Set<string>();
  const entries = addrs.map((value, i) => {
    const entry = decodeEntry(value, i);
    if (ids.has(entry.ka.id)) fail(`addrs[${i}]`, `node ID ${entry.ka.id} appears twice`);
    ids.add(entry.ka.id);
    return entry;
  });
  return { key: json.key, entries };
}
