/**
 * TCP transport: listen and dial, then upgrade each connection (see
 * upgrade.ts). Inbound connections pass the connection filters first, before
 * any cryptography: the concurrent-inbound cap, the duplicate-IP policy (a
 * connection still in its handshake counts) and user filters by IP.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { NetAddress, formatIP, type DefaultNodeInfo, type Ed25519PrivateKey } from '@cometts/types';
import {
  ConnectionFilteredError,
  DialFailedError,
  DialTimeoutError,
  DuplicateIpError,
  FilterTimeoutError,
  TransportStoppedError,
} from '../errors/handshake-errors.js';
import { InboundLimitError } from '../errors/switch-errors.js';
import { withTimeout } from '../util/time.js';
import { hostOf } from './addresses.js';
import { upgradeConnection, type PeerFilter, type UpgradedConnection, type UpgradeSettings } from './upgrade.js';

/** Throw (or reject) to refuse a connection from `ip`. */
export type ConnectionFilter = (remote: { ip: string; port: number }) => void | Promise<void>;

export interface TransportConfig {
  /** Applied separately to the SecretConnection handshake and to the NodeInfo exchange. CometBFT: 3000. */
  handshakeTimeoutMs: number;
  /** TCP connect timeout. CometBFT: 1000. */
  dialTimeoutMs: number;
  /** Budget for all connection (or all peer) filters together. CometBFT: 5000. */
  filterTimeoutMs: number;
  /** Accept several inbound connections from one IP. CometBFT: false. */
  allowDuplicateIp: boolean;
}

export const DEFAULT_TRANSPORT_CONFIG: Readonly<TransportConfig> = Object.freeze({
  handshakeTimeoutMs: 3000,
  dialTimeoutMs: 1000,
  filterTimeoutMs: 5000,
  allowDuplicateIp: false,
});

export interface TransportOptions extends Partial<TransportConfig> {
  identity: Ed25519PrivateKey;
  /** Our NodeInfo, read at each handshake. */
  nodeInfo: () => DefaultNodeInfo;
  connectionFilters?: readonly ConnectionFilter[];
  peerFilters?: readonly PeerFilter[];
  /** Inbound sockets held at once (handshaking or live); more are closed at accept. Default: no cap. */
  maxIncomingConnections?: () => number;
  /** DNS for host names in peers' listen addresses (tests may inject one). */
  resolver?: (host: string) => Promise<string>;
}

export interface InboundHandlers {
  accepted(connection: UpgradedConnection): void;
  rejected(error: Error, remote: string): void;
}

const ignoreError = (): void => {};

export class Transport {
  readonly config: TransportConfig;
  private server: Server | undefined;
  private readonly handshaking = new Set<Socket>();
  private readonly inboundByIp = new Map<string, number>();
  private inbound = 0;
  private readonly stopper = new AbortController();

  constructor(private readonly options: TransportOptions) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.config = { ...DEFAULT_TRANSPORT_CONFIG, ...(defined as Partial<TransportConfig>) };
  }

  /** Starts accepting on host:port (port 0 picks a free one); resolves with the bound address. */
  async listen(host: string, port: number, handlers: InboundHandlers): Promise<{ host: string; port: number }> {
    if (this.stopper.signal.aborted) throw new TransportStoppedError();
    const server = createServer({ noDelay: true }, (socket) => this.onAccept(socket, handlers));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', ignoreError);
    this.server = server;
    return this.boundAddress()!;
  }

  boundAddress(): { host: string; port: number } | undefined {
    const address = this.server?.address();
    if (!address || typeof address === 'string') return undefined;
    return { host: address.address, port: address.port };
  }

  /** Inbound sockets currently held (handshaking or live). */
  get inboundConnections(): number {
    return this.inbound;
  }

  private onAccept(socket: Socket, handlers: InboundHandlers): void {
    socket.on('error', ignoreError);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const reject = (err: Error): void => {
      socket.destroy();
      handlers.rejected(err, remote);
    };
    if (this.stopper.signal.aborted) return reject(new TransportStoppedError());
    let ip: string;
    try {
      ip = formatIP(NetAddress.fromIPPort(socket.remoteAddress ?? '', socket.remotePort ?? 0).ip);
    } catch (err) {
      return reject(err as Error);
    }
    const cap = this.options.maxIncomingConnections?.() ?? Infinity;
    if (this.inbound >= cap) return reject(new InboundLimitError(cap));
    if (!this.config.allowDuplicateIp && (this.inboundByIp.get(ip) ?? 0) > 0) return reject(new DuplicateIpError(ip));
    this.track(socket, ip);
    this.handshaking.add(socket);
    this.acceptInbound(socket, ip)
      .then((connection) => {
        this.handshaking.delete(socket);
        if (this.stopper.signal.aborted) {
          connection.stream.destroy();
          return reject(new TransportStoppedError());
        }
        handlers.accepted(connection);
      })
      .catch((err: Error) => {
        this.handshaking.delete(socket);
        reject(err);
      });
  }

  private track(socket: Socket, ip: string): void {
    this.inbound++;
    this.inboundByIp.set(ip, (this.inboundByIp.get(ip) ?? 0) + 1);
    socket.once('close', () => {
      this.inbound--;
      const left = (this.inboundByIp.get(ip) ?? 1) - 1;
      if (left > 0) this.inboundByIp.set(ip, left);
      else this.inboundByIp.delete(ip);
    });
  }

  private async acceptInbound(socket: Socket, ip: string): Promise<UpgradedConnection> {
    await this.runConnectionFilters(ip, socket.remotePort ?? 0);
    return upgradeConnection(socket, undefined, this.upgradeSettings());
  }

  private async runConnectionFilters(ip: string, port: number): Promise<void> {
    const filters = this.options.connectionFilters ?? [];
    if (filters.length === 0) return;
    const timeoutMs = this.config.filterTimeoutMs;
    const all = Promise.all(
      filters.map(async (filter) => {
        try {
          await filter({ ip, port });
        } catch (err) {
          throw new ConnectionFilteredError(ip, { cause: err });
        }
      }),
    );
    await withTimeout(all, timeoutMs, () => new FilterTimeoutError('connection', timeoutMs));
  }

  private upgradeSettings(signal?: AbortSignal): UpgradeSettings {
    return {
      identity: this.options.identity,
      ourNodeInfo: this.options.nodeInfo(),
      handshakeTimeoutMs: this.config.handshakeTimeoutMs,
      filterTimeoutMs: this.config.filterTimeoutMs,
      peerFilters: this.options.peerFilters ?? [],
      ...(this.options.resolver ? { resolver: this.options.resolver } : {}),
      signal: signal ? AbortSignal.any([signal, this.stopper.signal]) : this.stopper.signal,
    };
  }

  /** Dials `address` and upgrades the connection; the remote key must match `address.id`. */
  async dial(address: NetAddress, signal?: AbortSignal): Promise<UpgradedConnection> {
    if (this.stopper.signal.aborted) throw new TransportStoppedError();
    const socket = await this.connect(address, signal);
    this.handshaking.add(socket);
    try {
      return await upgradeConnection(socket, address, this.upgradeSettings(signal));
    } finally {
      this.handshaking.delete(socket);
    }
  }

  private connect(address: NetAddress, signal?: AbortSignal): Promise<Socket> {
    const timeoutMs = this.config.dialTimeoutMs;
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: hostOf(address), port: address.port, noDelay: true });
      const done = (err?: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.stopper.signal.removeEventListener('abort', onAbort);
        socket.off('connect', onConnect);
        socket.off('error', onError);
        socket.on('error', ignoreError);
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          resolve(socket);
        }
      };
      const onConnect = (): void => done();
      const onError = (err: Error): void => done(new DialFailedError(address.dialString(), err));
      const onAbort = (): void => done(new DialFailedError(address.dialString(), new TransportStoppedError()));
      const timer = setTimeout(() => done(new DialTimeoutError(address.dialString(), timeoutMs)), timeoutMs);
      socket.once('connect', onConnect);
      socket.once('error', onError);
      if (signal?.aborted || this.stopper.signal.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.stopper.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops listening and aborts every handshake in progress. Live peers belong to the switch. */
  async close(): Promise<void> {
    this.stopper.abort(new TransportStoppedError());
    for (const socket of this.handshaking) socket.destroy();
    this.handshaking.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
