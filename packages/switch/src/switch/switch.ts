/**
 * The Switch: registers reactors by channel, listens and dials through the
 * Transport, keeps the peer set within its limits, routes every message
 * (decoded once at the channel boundary) to the reactor that owns the
 * channel, and broadcasts with a single encoding.
 */
import { EventEmitter } from 'node:events';
import type { MConnectionConfig } from '@cometts/mconn';
import type { DefaultNodeInfo, NetAddress, NodeId } from '@cometts/types';
import type { AddrBookHook } from '../addr-book-hook.js';
import { ChannelTable } from '../channels.js';
import { SelfConnectionError } from '../errors/handshake-errors.js';
import { DuplicateReactorError, SwitchAlreadyStartedError, SwitchNotRunningError, UnregisteredChannelError } from '../errors/switch-errors.js';
import { errorCode, noopLogger, withDefaults, type Logger, type SwitchMetrics } from '../logging.js';
import type { Peer } from '../peer/peer.js';
import type { Reactor } from '../reactor.js';
import type { BroadcastResult, PeerCounts, SwitchHandle } from '../switch-handle.js';
import { Transport } from '../transport/transport.js';
import type { UpgradedConnection } from '../transport/upgrade.js';
import { Dialer } from './dialer.js';
import {
  DEFAULT_DIAL_RANDOM_DELAY_MS,
  DEFAULT_MAX_INBOUND_PEERS,
  DEFAULT_MAX_OUTBOUND_PEERS,
  pickTransportConfig,
  type SwitchOptions,
} from './options.js';
import { PeerPolicy } from './peer-policy.js';
import { PeerRegistry } from './peer-registry.js';
import { PeerSlots } from './peer-slots.js';
import { listenAndDescribe } from './startup.js';
import { DEFAULT_RECONNECT_SCHEDULE, type ReconnectSchedule } from './reconnect-schedule.js';

export interface SwitchEvents {
  peerAdded: [peer: Peer];
  /** `reason` is undefined for a graceful stop or a switch stop. */
  peerRemoved: [peer: Peer, reason: unknown];
  /** A connection or dial failed before it became a peer. */
  connectionRejected: [error: Error, info: { remote: string; outbound: boolean }];
}

export class Switch extends EventEmitter<SwitchEvents> implements SwitchHandle {
  readonly nodeId: NodeId;
  readonly transport: Transport;
  private readonly options: SwitchOptions;
  private readonly channels = new ChannelTable();
  private readonly reactorList: Reactor[] = [];
  private readonly reactorsByName = new Map<string, Reactor>();
  private readonly slots: PeerSlots;
  private readonly registry: PeerRegistry;
  private readonly dialer: Dialer;
  private readonly logger: Logger;
  private readonly metrics: SwitchMetrics;
  private readonly reconnectSchedule: ReconnectSchedule;
  private readonly policy = new PeerPolicy();
  private readonly stopper = new AbortController();
  private running = false;
  private ourNodeInfo: DefaultNodeInfo | undefined;
  private ourAddress: NetAddress | undefined;
  private addrBook: AddrBookHook | undefined;

  constructor(options: SwitchOptions) {
    super();
    this.options = options;
    this.nodeId = options.nodeKey.nodeId;
    this.logger = options.logger ?? noopLogger;
    this.metrics = withDefaults(options.metrics);
    this.addrBook = options.addrBook;
    this.reconnectSchedule = { ...DEFAULT_RECONNECT_SCHEDULE, ...options.reconnect };
    this.slots = new PeerSlots(options.maxInboundPeers ?? DEFAULT_MAX_INBOUND_PEERS, options.maxOutboundPeers ?? DEFAULT_MAX_OUTBOUND_PEERS);
    this.transport = new Transport({
      ...pickTransportConfig(options),
      identity: options.nodeKey.privateKey,
      nodeInfo: () => this.nodeInfo,
      maxIncomingConnections: () => this.slots.maxInbound + this.policy.unconditionalCount,
      ...(options.connectionFilters ? { connectionFilters: options.connectionFilters } : {}),
      ...(options.peerFilters ? { peerFilters: options.peerFilters } : {}),
      ...(options.resolver ? { resolver: options.resolver } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.registry = new PeerRegistry({
      get isRunning() { return self.running; },
      reactors: this.reactorList,
      channels: this.channels,
      slots: this.slots,
      mconnConfig: options.mconnConfig as Partial<MConnectionConfig> | undefined,
      logger: this.logger,
      metrics: this.metrics,
      isUnconditional: (id) => this.policy.isUnconditional(id),
      isPersistent: (id) => this.policy.isPersistent(id),
      peerAdded: (peer) => this.safeEmit('peerAdded', peer),
      peerRemoved: (peer, reason, forError) => this.onPeerRemoved(peer, reason, forError),
      countsChanged: () => this.reportCounts(),
    });
    this.dialer = new Dialer({
      get isRunning() { return self.running; },
      get stopSignal() { return self.stopper.signal; },
      ourId: this.nodeId,
      transport: this.transport,
      slots: this.slots,
      allowDuplicateIp: this.transport.config.allowDuplicateIp,
      peers: this.registry.peers,
      logger: this.logger,
      reconnectSchedule: this.reconnectSchedule,
      isUnconditional: (id) => this.policy.isUnconditional(id),
      persistentAddress: (id) => this.policy.persistentAddress(id),
      admit: (connection, slot) => this.registry.admit(connection, slot),
      dialFailed: (error, address) => this.onDialFailed(error, address),
      countsChanged: () => this.reportCounts(),
    });
    if (options.persistentPeers) this.addPersistentPeers(options.persistentPeers);
    if (options.unconditionalPeerIds) this.addUnconditionalPeerIds(options.unconditionalPeerIds);
    if (options.privatePeerIds) this.addPrivatePeerIds(options.privatePeerIds);
  }

  /** Registers a reactor and its channels; a channel ID already taken throws DuplicateChannelError. */
  addReactor(name: string, reactor: Reactor): Reactor {
    if (this.running || this.stopper.signal.aborted) throw new SwitchAlreadyStartedError();
    if (this.reactorsByName.has(name)) throw new DuplicateReactorError(name);
    this.channels.register(reactor);
    this.reactorList.push(reactor);
    this.reactorsByName.set(name, reactor);
    return reactor;
  }

  reactor(name: string): Reactor | undefined {
    return this.reactorsByName.get(name);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Our NodeInfo (available once started). */
  get nodeInfo(): DefaultNodeInfo {
    if (!this.ourNodeInfo) throw new SwitchNotRunningError();
    return this.ourNodeInfo;
  }

  /** Our address as peers should dial it (ID@ the listen address of our NodeInfo, resolved at start). */
  get netAddress(): NetAddress {
    if (!this.ourAddress) throw new SwitchNotRunningError();
    return this.ourAddress;
  }

  get peers(): ReadonlyMap<NodeId, Peer> {
    return this.registry.peers;
  }

  numPeers(): PeerCounts {
    return { inbound: this.slots.inbound, outbound: this.slots.outbound, dialing: this.dialer.dialingCount };
  }

  setAddrBook(book: AddrBookHook): void {
    this.addrBook = book;
    const privateIds = this.policy.privateIdList();
    if (privateIds.length > 0) book.addPrivateIds(privateIds);
  }

  /**
   * Listens (if configured), counts as running, starts the reactors, then
   * dials the persistent peers. The switch is running while reactors start
   * (as CometBFT's service flag is), so a reactor may dial from `start()`;
   * inbound connections accepted meanwhile wait until every reactor started.
   * A stopped switch cannot restart.
   */
  async start(): Promise<void> {
    if (this.running) return;
    if (this.stopper.signal.aborted) throw new SwitchNotRunningError();
    let reactorsStarted!: () => void;
    const reactorsReady = new Promise<void>((resolve) => (reactorsStarted = resolve));
    const inbound = {
      accepted: (connection: UpgradedConnection) => {
        void reactorsReady.then(() => {
          try {
            this.registry.admit(connection, undefined);
          } catch (err) {
            this.onRejected(err as Error, connection.remoteAddress.toString(), false);
          }
        });
      },
      rejected: (err: Error, remote: string) => this.onRejected(err, remote, false),
    };
    const identity = await listenAndDescribe(this.options, this.nodeId, this.channels.ids(), this.transport, inbound, this.logger);
    this.ourNodeInfo = identity.nodeInfo;
    this.ourAddress = identity.address;
    this.running = true;
    try {
      for (const reactor of this.reactorList) await reactor.start?.();
    } finally {
      reactorsStarted();
    }
    this.logger.info('switch started', { nodeId: this.nodeId, listenAddr: identity.nodeInfo.listenAddr });
    const persistent = this.policy.persistentAddresses();
    if (this.options.dialPersistentPeersOnStart !== false && persistent.length > 0) void this.dialPeersAsync(persistent);
  }

  /** Stops dialing and listening, removes every peer (reason undefined), then stops the reactors. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopper.abort(new SwitchNotRunningError());
    const closed = this.transport.close();
    await this.registry.stopAll();
    await closed;
    for (const reactor of this.reactorList) await reactor.stop?.();
    this.logger.info('switch stopped', { nodeId: this.nodeId });
  }

  /**
   * Encodes `message` once with the channel's codec and queues the same
   * bytes to every peer that lists the channel (each waits up to the send
   * timeout for room).
   */
  async broadcast<M>(channelId: number, message: M): Promise<BroadcastResult> {
    const entry = this.channels.get(channelId);
    if (!entry) throw new UnregisteredChannelError(channelId);
    const bytes = entry.channel.codec.encode(message);
    const peers = [...this.registry.peers.values()];
    const results = await Promise.all(peers.map((peer) => peer.sendBytes(channelId, bytes).catch(() => false)));
    const result: BroadcastResult = { sent: [], failed: [] };
    results.forEach((ok, i) => (ok ? result.sent : result.failed).push(peers[i]!));
    return result;
  }

  stopPeerForError(peer: Peer, reason: unknown): Promise<void> {
    return this.registry.stopForError(peer, reason);
  }

  stopPeerGracefully(peer: Peer): Promise<void> {
    return this.registry.stopGracefully(peer);
  }

  markPeerAsGood(peer: Peer): void {
    if (!this.policy.isPrivate(peer.id)) this.addrBook?.markGood(peer.id);
  }

  isDialingOrExistingAddress(address: NetAddress): boolean {
    return this.dialer.isDialingOrExistingAddress(address);
  }

  /** Dials one address and resolves with the added peer, or rejects with the typed reason. */
  dialPeerWithAddress(address: NetAddress): Promise<Peer> {
    return this.dialer.dial(address);
  }

  /**
   * Adds the addresses to the address book (our address as source), then
   * dials each after a random delay, skipping ourselves and addresses being
   * dialed or connected. The promise settles when every attempt has (it never rejects).
   */
  dialPeersAsync(addresses: readonly NetAddress[]): Promise<void> {
    if (!this.running) return Promise.reject(new SwitchNotRunningError());
    const book = this.addrBook;
    if (book) {
      const ours = this.netAddress;
      for (const address of addresses) {
        if (!address.same(ours) && !this.policy.isPrivate(address.id)) book.addAddress(address, ours);
      }
      void Promise.resolve(book.save?.()).catch((err: Error) => this.logger.error('address book save failed', { error: err.message }));
    }
    return this.dialer.dialMany(addresses, this.options.dialRandomDelayMs ?? DEFAULT_DIAL_RANDOM_DELAY_MS);
  }

  addPersistentPeers(addresses: readonly NetAddress[]): void {
    this.policy.addPersistent(addresses);
  }

  addUnconditionalPeerIds(ids: readonly NodeId[]): void {
    this.policy.addUnconditional(ids);
  }

  addPrivatePeerIds(ids: readonly NodeId[]): void {
    this.policy.addPrivate(ids);
    this.addrBook?.addPrivateIds(ids);
  }

  isPeerPersistent(id: NodeId): boolean {
    return this.policy.isPersistent(id);
  }

  isPeerUnconditional(id: NodeId): boolean {
    return this.policy.isUnconditional(id);
  }

  isPeerPrivate(id: NodeId): boolean {
    return this.policy.isPrivate(id);
  }

  private onPeerRemoved(peer: Peer, reason: unknown, forError: boolean): void {
    this.safeEmit('peerRemoved', peer, reason);
    if (forError && this.running && this.policy.isPersistent(peer.id)) this.dialer.reconnect(peer.id);
  }

  private onDialFailed(error: Error, address: NetAddress): void {
    if (error instanceof SelfConnectionError && this.addrBook) {
      this.addrBook.removeAddress(address);
      this.addrBook.addOurAddress(address);
    }
    this.onRejected(error, address.toString(), true);
  }

  private onRejected(error: Error, remote: string, outbound: boolean): void {
    this.metrics.connectionRejected(errorCode(error), outbound);
    this.logger.debug('connection rejected', { remote, outbound, error: error.message });
    this.safeEmit('connectionRejected', error, { remote, outbound });
  }

  /** Listener exceptions must not break the peer lifecycle that emitted the event. */
  private safeEmit<K extends keyof SwitchEvents>(event: K, ...args: SwitchEvents[K]): void {
    try {
      (this.emit as (event: K, ...args: SwitchEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.logger.error('switch event listener threw', { event, error: (err as Error).message });
    }
  }

  private reportCounts(): void {
    const counts = this.numPeers();
    this.metrics.peers({ ...counts, total: this.registry.peers.size });
  }
}
