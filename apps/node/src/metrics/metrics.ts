/**
 * Prometheus metrics (prom-client) under `instrumentation.namespace`
 * ("cometbft" by default): peers, bytes per channel, rejected dials and
 * connections, peers stopped for errors, and event-loop delay measured with
 * perf_hooks.monitorEventLoopDelay. Implements @cometts/switch's
 * SwitchMetrics so the switch reports into it directly.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface PeerCounts {
  inbound: number;
  outbound: number;
  dialing: number;
  total: number;
}

const channelLabel = (id: number) => `0x${id.toString(16).padStart(2, '0')}`;

export class NodeMetrics {
  readonly registry = new Registry();
  private readonly peersGauge: Gauge<'direction'>;
  private readonly receiveBytes: Counter<'ch_id'>;
  private readonly sendBytes: Counter<'ch_id'>;
  private readonly receiveMessages: Counter<'ch_id'>;
  private readonly rejected: Counter<'code' | 'direction'>;
  private readonly dialFailures: Counter<'code'>;
  private readonly stoppedForError: Counter<'code'>;
  private readonly loopDelay: IntervalHistogram;

  constructor(namespace = 'cometbft') {
    const name = (subsystem: string, metric: string) => (namespace ? `${namespace}_${subsystem}_${metric}` : `${subsystem}_${metric}`);
    const registers = [this.registry];
    this.peersGauge = new Gauge({
      name: name('p2p', 'peers'),
      help: 'Number of peers (total, inbound, outbound) and dials in progress.',
      labelNames: ['direction'],
      registers,
    });
    this.receiveBytes = new Counter({
      name: name('p2p', 'channel_receive_bytes_total'),
      help: 'Bytes of complete messages received, per channel.',
      labelNames: ['ch_id'],
      registers,
    });
    this.sendBytes = new Counter({
      name: name('p2p', 'channel_send_bytes_total'),
      help: 'Bytes of messages queued for sending, per channel.',
      labelNames: ['ch_id'],
      registers,
    });
    this.receiveMessages = new Counter({
      name: name('p2p', 'channel_receive_messages_total'),
      help: 'Complete messages received, per channel.',
      labelNames: ['ch_id'],
      registers,
    });
    this.rejected = new Counter({
      name: name('p2p', 'connections_rejected_total'),
      help: 'Connections refused before becoming peers, by error code and direction.',
      labelNames: ['code', 'direction'],
      registers,
    });
    this.dialFailures = new Counter({
      name: name('p2p', 'dial_failures_total'),
      help: 'Outbound dials that failed, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.stoppedForError = new Counter({
      name: name('p2p', 'peers_stopped_for_error_total'),
      help: 'Peers stopped because of an error, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
    const histogram = this.loopDelay;
    new Gauge({
      name: name('node', 'event_loop_delay_seconds'),
      help: 'Event-loop delay since the last scrape (perf_hooks.monitorEventLoopDelay).',
      labelNames: ['quantile'],
      registers,
      collect() {
        const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
        this.set({ quantile: '0.5' }, seconds(histogram.percentile(50)));
        this.set({ quantile: '0.99' }, seconds(histogram.percentile(99)));
        this.set({ quantile: '1' }, seconds(histogram.max));
        histogram.reset();
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: namespace ? `${namespace}_` : '', eventLoopMonitoringPrecision: 10 });
    this.peers({ inbound: 0, outbound: 0, dialing: 0, total: 0 });
  }

  // --- SwitchMetrics ---
  peers(count: PeerCounts): void {
    this.peersGauge.set({ direction: 'total' }, count.total);
    this.peersGauge.set({ direction: 'inbound' }, count.inbound);
    this.peersGauge.set({ direction: 'outbound' }, count.outbound);
    this.peersGauge.set({ direction: 'dialing' }, count.dialing);
  }

  messageReceived(channelId: number, bytes: number): void {
    this.receiveBytes.inc({ ch_id: channelLabel(channelId) }, bytes);
    this.receiveMessages.inc({ ch_id: channelLabel(channelId) });
  }

  messageSent(channelId: number, bytes: number): void {
    this.sendBytes.inc({ ch_id: channelLabel(channelId) }, bytes);
  }

  connectionRejected(code: string, outbound: boolean): void {
    this.rejected.inc({ code, direction: outbound ? 'outbound' : 'inbound' });
    if (outbound) this.dialFailures.inc({ code });
  }

  peerStoppedForError(code: string): void {
    this.stoppedForError.inc({ code });
  }

  /** The SwitchMetrics as a plain object (the switch spreads it, which would drop prototype methods). */
  forSwitch(): {
    peers(count: PeerCounts): void;
    messageReceived(channelId: number, bytes: number): void;
    messageSent(channelId: number, bytes: number): void;
    connectionRejected(code: string, outbound: boolean): void;
    peerStoppedForError(code: string): void;
  } {
    return {
      peers: (count) => this.peers(count),
      messageReceived: (channelId, bytes) => this.messageReceived(channelId, bytes),
      messageSent: (channelId, bytes) => this.messageSent(channelId, bytes),
      connectionRejected: (code, outbound) => this.connectionRejected(code, outbound),
      peerStoppedForError: (code) => this.peerStoppedForError(code),
    };
  }

  /** Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  close(): void {
    this.loopDelay.disable();
    this.registry.clear();
  }
}
