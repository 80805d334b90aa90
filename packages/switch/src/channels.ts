/** Channel registration: each channel ID belongs to exactly one reactor. */
import { DuplicateChannelError, InvalidChannelError } from './errors/switch-errors.js';
import type { Reactor, ReactorChannel } from './reactor.js';

export interface RegisteredChannel {
  readonly channel: ReactorChannel;
  readonly reactor: Reactor;
}

/** Throws InvalidChannelError if a descriptor cannot be used. */
export function checkChannel(channel: ReactorChannel): void {
  const id = channel.id;
  if (!Number.isInteger(id) || id < 0 || id > 255) throw new InvalidChannelError(id, 'id must be an integer 0..255');
  if (!Number.isFinite(channel.priority) || channel.priority <= 0) throw new InvalidChannelError(id, 'priority must be > 0');
  // 0 or missing means the default, as upstream.
  const capacity = (v: number | undefined) => v === undefined || (Number.isSafeInteger(v) && v >= 0);
  if (!capacity(channel.sendQueueCapacity)) throw new InvalidChannelError(id, 'sendQueueCapacity must be an integer ≥ 0');
  if (!capacity(channel.recvBufferCapacity)) throw new InvalidChannelError(id, 'recvBufferCapacity must be an integer ≥ 0');
  if (!capacity(channel.recvMessageCapacity)) throw new InvalidChannelError(id, 'recvMessageCapacity must be an integer ≥ 0');
  const codec = channel.codec as Partial<ReactorChannel['codec']> | undefined;
  if (!codec || typeof codec.encode !== 'function' || typeof codec.decode !== 'function') {
    throw new InvalidChannelError(id, 'a codec with encode and decode is required');
  }
}

/** The channel table of a switch, in registration order (which is also the NodeInfo order). */
export class ChannelTable {
  private readonly byId = new Map<number, RegisteredChannel>();

  /** Validates all of `reactor`'s channels first, so a failed registration changes nothing. */
  register(reactor: Reactor): void {
    const channels = reactor.channels();
    const seen = new Set<number>();
    for (const channel of channels) {
      checkChannel(channel);
      const owner = this.byId.get(channel.id);
      if (owner) throw new DuplicateChannelError(channel.id, reactor.name, owner.reactor.name);
      if (seen.has(channel.id)) throw new DuplicateChannelError(channel.id, reactor.name, reactor.name);
      seen.add(channel.id);
    }
    for (const channel of channels) this.byId.set(channel.id, { channel, reactor });
  }

  get(id: number): RegisteredChannel | undefined {
    return this.byId.get(id);
  }

  /** Channel IDs in registration order. */
  ids(): Uint8Array {
    return Uint8Array.from(this.byId.keys());
  }

  descriptors(): ReactorChannel[] {
    return [...this.byId.values()].map((r) => r.channel);
  }
}
