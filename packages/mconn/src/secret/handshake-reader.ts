/**
 * Pulls raw bytes from the transport during the handshake. Reading is
 * demand-driven: the socket is resumed only while a read is pending, so a
 * peer cannot make us buffer more than it takes to finish a message.
 */
import type { Duplex } from 'node:stream';
import { HandshakeClosedError } from './errors.js';

export class HandshakeReader {
  private buffered: Buffer[] = [];
  private failure: Error | undefined;
  private ended = false;
  private waiter: { resolve: (chunk: Buffer) => void; reject: (err: Error) => void } | undefined;
  private attached = true;

  constructor(private readonly socket: Duplex) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
    socket.pause();
    if (socket.destroyed) this.fail(new HandshakeClosedError('the connection is already closed'));
    else if (socket.readableEnded) this.ended = true;
  }

  /** The next available bytes (everything buffered, or the next chunk to arrive). */
  next(): Promise<Buffer> {
    if (this.buffered.length > 0) {
      const chunk = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
      this.buffered = [];
      return Promise.resolve(chunk);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(new HandshakeClosedError('the peer ended the connection'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.resume();
    });
  }

  /** Exactly `length` bytes; the surplus of the last chunk stays buffered. */
  async readExactly(length: number): Promise<Buffer> {
    let acc = await this.next();
    while (acc.length < length) acc = Buffer.concat([acc, await this.next()]);
    this.unread(acc.subarray(length));
    return acc.subarray(0, length);
  }

  /** Puts bytes back in front of the buffer. */
  unread(bytes: Buffer): void {
    if (bytes.length > 0) this.buffered.unshift(bytes);
  }

  /** Rejects the pending and every later read with `err`. */
  fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(err);
  }

  /**
   * Stops reading and removes our listeners; returns the bytes read but not
   * consumed. Throws the recorded failure if the transport failed meanwhile
   * (a clean end after the last needed byte is not a failure).
   */
  detach(): Buffer {
    this.release();
    if (this.failure) throw this.failure;
    const rest = Buffer.concat(this.buffered);
    this.buffered = [];
    return rest;
  }

  /** Removes our listeners without reporting anything (failure path). */
  release(): void {
    if (!this.attached) return;
    this.attached = false;
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onClose);
    this.socket.off('error', this.onError);
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      this.socket.pause();
      waiter.resolve(bytes);
    } else {
      this.buffered.push(bytes);
      this.socket.pause();
    }
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(new HandshakeClosedError('the peer ended the connection'));
  };
  private readonly onClose = (): void => this.fail(new HandshakeClosedError('the connection closed'));
  private readonly onError = (err: Error): void => this.fail(new HandshakeClosedError(err.message, { cause: err }));
}
