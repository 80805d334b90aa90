/**
 * cmtjson shapes of the p2p objects RPC returns (rpc.md §2): NodeInfo and a
 * peer's connection status (Go's field names, int64 as strings).
 */
import type { ChannelStatus, FlowStatus, MConnectionStatus } from '@cometts/mconn';
import { formatRFC3339Nano, timestampFromUnixNanos, type DefaultNodeInfo } from '@cometts/types';

export interface NodeInfoJson {
  protocol_version: { p2p: string; block: string; app: string };
  id: string;
  listen_addr: string;
  network: string;
  version: string;
  channels: string;
  moniker: string;
  other: { tx_index: string; rpc_address: string };
}

export function nodeInfoJson(info: DefaultNodeInfo): NodeInfoJson {
  return {
    protocol_version: {
      p2p: String(info.protocolVersion.p2p),
      block: String(info.protocolVersion.block),
      app: String(info.protocolVersion.app),
    },
    id: info.defaultNodeId,
    listen_addr: info.listenAddr,
    network: info.network,
    version: info.version,
    channels: Buffer.from(info.channels).toString('hex').toUpperCase(),
    moniker: info.moniker,
    other: { tx_index: info.other.txIndex, rpc_address: info.other.rpcAddress },
  };
}

/** Optional figures a flow monitor may report beyond FlowStatus. */
interface ExtendedFlowStatus extends FlowStatus {
  samples?: number;
  instRate?: number;
  idleMs?: number;
}

const SAMPLE_MS = 100;
const nsString = (ms: number) => String(Math.max(0, Math.round(ms * 1e6)));

/** Go's flowrate.Status: times round to the monitor's clock (10 ms here), rates in B/s. */
function monitorJson(status: ExtendedFlowStatus, nowMs: number, active: boolean) {
  const durationMs = Math.round(status.durationMs / 10) * 10;
  const startMs = Math.round((nowMs - status.durationMs) / 10) * 10;
  return {
    Start: formatRFC3339Nano(timestampFromUnixNanos(BigInt(startMs) * 1_000_000n)),
    Bytes: String(status.bytes),
    Samples: String(status.samples ?? Math.floor(status.durationMs / SAMPLE_MS)),
    InstRate: String(Math.round(status.instRate ?? status.currentRate)),
    CurRate: String(Math.round(status.currentRate)),
    AvgRate: String(Math.round(status.averageRate)),
    PeakRate: String(Math.round(status.peakRate)),
    BytesRem: '0',
    Duration: nsString(durationMs),
    Idle: nsString(status.idleMs ?? 0),
    TimeRem: '0',
    Progress: 0,
    Active: active,
  };
}

function channelJson(ch: ChannelStatus) {
  return {
    ID: ch.id,
    SendQueueCapacity: String(ch.sendQueueCapacity),
    SendQueueSize: String(ch.sendQueueSize),
    Priority: String(ch.priority),
    RecentlySent: String(Math.round(ch.recentlySent)),
  };
}

/** A peer's `connection_status` in net_info. */
export function connectionStatusJson(status: MConnectionStatus, active = true, nowMs = Date.now()) {
  return {
    Duration: nsString(status.durationMs),
    SendMonitor: monitorJson(status.sendMonitor, nowMs, active),
    RecvMonitor: monitorJson(status.recvMonitor, nowMs, active),
    Channels: status.channels.map(channelJson),
  };
}
