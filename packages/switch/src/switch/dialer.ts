/**
 * Outbound dialing: one dial per ID at a time, never to ourselves or to a
 * connected peer, each holding a reserved outbound slot (unconditional peers
 * excepted) from before the TCP connect until it becomes a peer or fails.
 * Persistent peers are redialed on CometBFT's schedule, one loop per ID.
 */
import type { NetAddress, NodeId } from '@cometts/types';
import { SelfConnectionError } from '../errors/handshake-errors.js';
import { AlreadyDialingOrConnectedError, OutboundLimitError, SwitchNotRunningError } from '../errors/switch-errors.js';
import type { Logger } from '../logging.js';
import type { Peer } from '../peer/peer.js';
import type { Transport } from '../transport/transport.js';
import type { UpgradedConnection } from '../transport/upgrade.js';
import { sleep } from '../util/time.js';
import type { OutboundSlot, PeerSlots } from './peer-slots.js';
import { reconnectDelayMs, type ReconnectSchedule } from './reconnect-schedule.js';

export interface DialerHost {
  readonly isRunning: boolean;
  /** Aborted when the switch stops. */
  readonly stopSignal: AbortSignal;
  readonly ourId: NodeId;
  readonly transport: Transport;
  readonly slots: PeerSlots;
  readonly allowDuplicateIp: boolean;
  readonly peers: ReadonlyMap<NodeId, Peer>;
  readonly logger: Logger;
  readonly reconnectSchedule: ReconnectSchedule;
  isUnconditional(id: NodeId): boolean;
  /** The configured persistent address for `id`, if it is a persistent peer. */
  persistentAddress(id: NodeId): NetAddress | undefined;
  admit(connection: UpgradedConnection, slot: OutboundSlot | undefined): Peer;
  dialFailed(error: Error, address: NetAddress): void;
  countsChanged(): void;
}

export class Dialer {
  private readonly dialing = new Map<NodeId, NetAddress>();
  private readonly reconnecting = new Set<NodeId>();

  constructor(private readonly host: DialerHost) {}

  get dialingCount(): number {
    return this.dialing.size;
  }

  isReconnecting(id: NodeId): boolean {
    return this.reconnecting.has(id);
  }

  /** The ID is being dialed or connected, or (without allowDuplicateIp) a connected peer has the same IP. */
  isDialingOrExistingAddress(address: NetAddress): boolean {
    if (this.dialing.has(address.id) || this.host.peers.has(address.id)) return true;
    if (this.host.allowDuplicateIp) return false;
    const ip = Buffer.from(address.ip);
    for (const peer of this.host.peers.values()) {
      if (ip.equals(peer.remoteAddress.ip)) return true;
    }
    return false;
  }

  /** Dials `address` and adds the peer; a failed dial of a persistent peer starts its redial loop. */
  async dial(address: NetAddress): Promise<Peer> {
    try {
      return await this.dialOnce(address);
    } catch (err) {
      const retry = !(err instanceof SelfConnectionError || err instanceof AlreadyDialingOrConnectedError || err instanceof SwitchNotRunningError);
      if (retry && this.host.persistentAddress(address.id)) this.reconnect(address.id);
      throw err;
    }
  }

  private async dialOnce(address: NetAddress): Promise<Peer> {
    const host = this.host;
    if (!host.isRunning) throw new SwitchNotRunningError();
    if (address.id === host.ourId) {
      const err = new SelfConnectionError(address.id);
      host.dialFailed(err, address);
      throw err;
    }
    if (this.isDialingOrExistingAddress(address)) throw new AlreadyDialingOrConnectedError(address.toString());
    let slot: OutboundSlot | undefined;
    if (!host.isUnconditional(address.id)) {
      slot = host.slots.reserveOutbound();
      if (!slot) {
        const err = new OutboundLimitError(host.slots.maxOutbound);
        host.dialFailed(err, address);
        throw err;
      }
    }
    this.dialing.set(address.id, address);
    host.countsChanged();
    try {
      const connection = await host.transport.dial(address, host.stopSignal);
      return host.admit(connection, slot);
    } catch (err) {
      host.dialFailed(err as Error, address);
      throw err;
    } finally {
      slot?.release();
      this.dialing.delete(address.id);
      host.countsChanged();
    }
  }

  /** Dials each address after a random delay (0..maxDelayMs), skipping ourselves and known ones. Never rejects. */
  async dialMany(addresses: readonly NetAddress[], maxDelayMs: number): Promise<void> {
    const shuffled = [...addresses];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    await Promise.all(
      shuffled.map(async (address) => {
        if (!(await sleep(Math.random() * maxDelayMs, this.host.stopSignal))) return;
        if (address.id === this.host.ourId || this.isDialingOrExistingAddress(address)) return;
        try {
          await this.dial(address);
        } catch (err) {
          this.host.logger.debug('dial failed', { address: address.toString(), error: (err as Error).message });
        }
      }),
    );
  }

  /** Starts the redial loop for a persistent peer unless one runs already. */
  reconnect(id: NodeId): void {
    if (this.reconnecting.has(id) || !this.host.isRunning) return;
    this.reconnecting.add(id);
    void this.reconnectLoop(id).finally(() => this.reconnecting.delete(id));
  }

  private async reconnectLoop(id: NodeId): Promise<void> {
    const host = this.host;
    for (let attempt = 0; ; attempt++) {
      const address = host.persistentAddress(id);
      if (!address || !host.isRunning) return;
      if (!(await sleep(reconnectDelayMs(attempt, host.reconnectSchedule), host.stopSignal))) return;
      if (this.isDialingOrExistingAddress(address)) return;
      try {
        await this.dialOnce(address);
        host.logger.info('reconnected to persistent peer', { address: address.toString(), attempt });
        return;
      } catch (err) {
        if (err instanceof AlreadyDialingOrConnectedError || err instanceof SwitchNotRunningError) return;
        host.logger.info('persistent peer redial failed', { address: address.toString(), attempt, error: (err as Error).message });
      }
    }
  }
}
