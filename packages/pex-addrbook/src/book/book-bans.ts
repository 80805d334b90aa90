/**
 * Banned IDs ("badPeers"). A banned known address is out of the buckets until
 * its ban expires and it is reinstated; an ID banned without being in the book
 * is only kept out, never reinstated. The map is bounded.
 */
import type { Clock } from '../clock.js';
import type { KnownAddress } from './known-address.js';

export interface BanEntry {
  readonly ka: KnownAddress;
  /** Put back into a new bucket when the ban expires. */
  readonly restore: boolean;
}

/** More bans than this only happen under attack; the soonest-expiring unrestorable one is dropped first. */
export const MAX_BANNED_IDS = 20_000;

export class BookBans {
  private readonly byId = new Map<string, BanEntry>();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): BanEntry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ban(ka: KnownAddress, durationMs: number, restore: boolean): void {
    ka.ban(this.clock.now(), durationMs);
    if (!this.byId.has(ka.id) && this.byId.size >= MAX_BANNED_IDS) this.makeRoom();
    this.byId.set(ka.id, { ka, restore });
  }

  /** Removes and returns the entry for `id` if its ban is over. */
  takeIfExpired(id: string): BanEntry | undefined {
    const entry = this.byId.get(id);
    if (!entry || entry.ka.isBanned(this.clock.now())) return undefined;
    this.byId.delete(id);
    return entry;
  }

  expiredIds(): string[] {
    const now = this.clock.now();
    const ids: string[] = [];
    for (const [id, entry] of this.byId) if (!entry.ka.isBanned(now)) ids.push(id);
    return ids;
  }

  private makeRoom(): void {
    let victim: BanEntry | undefined;
    for (const entry of this.byId.values()) {
      if (!entry.ka.isBanned(this.clock.now())) {
        victim = entry;
        break;
      }
      if (!entry.restore && (!victim || entry.ka.lastBanTime < victim.ka.lastBanTime)) victim = entry;
    }
    victim ??= this.byId.values().next().value;
    if (victim) this.byId.delete(victim.ka.id);
  }
}
