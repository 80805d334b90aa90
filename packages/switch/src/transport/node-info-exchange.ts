/**
 * The NodeInfo exchange over the encrypted stream: both sides write
 * `uvarint(len) ‖ DefaultNodeInfo` and read the peer's at the same time. The
 * reader takes exactly the bytes of the message (paused-mode `read(n)`), so
 * MConnection packets the peer sends right after stay buffered in the stream
 * for the MConnection that takes it over.
 */
import type { Duplex } from 'node:stream';
import { DefaultNodeInfo, MAX_NODE_INFO_SIZE } from '@cometts/types';
import { NodeInfoExchangeError, NodeInfoTimeoutError, NodeInfoTooLargeError } from '../errors/handshake-errors.js';

/** Reads one length-delimited NodeInfo; structure is checked, Validate() rules are not (the caller names them). */
function readNodeInfo(stream: Duplex, maxSize: number): { promise: Promise<DefaultNodeInfo>; cancel(): void } {
  let cancel = (): void => {};
  const promise = new Promise<DefaultNodeInfo>((resolve, reject) => {
    let length = 0;
    let shift = 0;
    let prefixDone = false;

    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
    const fail = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onEnd = (): void => fail(new NodeInfoExchangeError('connection closed before the peer sent its node info'));
    const onError = (err: Error): void => fail(new NodeInfoExchangeError(err.message, { cause: err }));
    function onReadable(): void {
      while (!prefixDone) {
        const byte = stream.read(1) as Buffer | null;
        if (byte === null) return;
        const b = byte[0]!;
        if (shift > 63) return fail(new NodeInfoExchangeError('node info length prefix is not a valid uvarint'));
        length += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (length > maxSize) return fail(new NodeInfoTooLargeError(length, maxSize));
        if (b < 0x80) prefixDone = true;
      }
      let body: Uint8Array = new Uint8Array(0);
      if (length > 0) {
        const chunk = stream.read(length) as Buffer | null;
        if (chunk === null) return;
        body = chunk;
      }
      cleanup();
      try {
        resolve(DefaultNodeInfo.decodeUnvalidated(body));
      } catch (err) {
        reject(new NodeInfoExchangeError((err as Error).message, { cause: err }));
      }
    }
    cancel = cleanup;
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    if (stream.readableEnded || stream.destroyed) onEnd();
  });
  return { promise, cancel: () => cancel() };
}

/**
 * Sends ours and reads theirs concurrently, under `timeoutMs`. On any failure
 * the caller destroys the stream. Resolves with the peer's NodeInfo (not yet
 * validated) once ours is written out.
 */
export async function exchangeNodeInfo(
  stream: Duplex,
  ours: DefaultNodeInfo,
  options: { timeoutMs: number; maxSize?: number; signal?: AbortSignal },
): Promise<DefaultNodeInfo> {
  const reader = readNodeInfo(stream, options.maxSize ?? MAX_NODE_INFO_SIZE);
  const written = new Promise<void>((resolve, reject) => {
    stream.write(DefaultNodeInfo.encodeDelimited(ours), (err) => {
      if (err) reject(new NodeInfoExchangeError(`cannot send our node info: ${err.message}`, { cause: err }));
      else resolve();
    });
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NodeInfoTimeoutError(options.timeoutMs)), options.timeoutMs);
    if (options.signal) {
      onAbort = () => reject(new NodeInfoExchangeError('aborted', { cause: options.signal?.reason }));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    const [theirs] = await Promise.race([Promise.all([reader.promise, written]), limit]);
    return theirs;
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    reader.cancel();
    // A write that fails after a race was lost must not become an unhandled rejection.
    written.catch(() => {});
    reader.promise.catch(() => {});
  }
}
