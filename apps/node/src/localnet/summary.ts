/** The localnet's live view: one line per node from its RPC /status and /net_info. */
import type { TestnetNode } from '../home/testnet.js';

export interface NodeSummary {
  node: TestnetNode;
  /** Exit code or signal once the process ended. */
  exited?: number | string;
  /** Set when the RPC answered. */
  peers?: { total: number; inbound: number; outbound: number; monikers: string[] };
  height?: string;
  /** Hash of the latest block (equal on nodes that agree). */
  hash?: string;
  error?: string;
}

interface StatusResult {
  sync_info?: { latest_block_height?: string; latest_block_hash?: string };
}
interface NetInfoResult {
  peers?: { is_outbound: boolean; node_info: { moniker: string } }[];
}

async function rpc<T>(port: number, route: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/${route}`, { signal: AbortSignal.timeout(900) });
  const body = (await res.json()) as { result?: T; error?: { data?: string; message: string } };
  if (!body.result) throw new Error(body.error?.data ?? body.error?.message ?? `bad /${route} reply`);
  return body.result;
}

export async function pollNode(node: TestnetNode): Promise<NodeSummary> {
  try {
    const [status, netInfo] = await Promise.all([
      rpc<StatusResult>(node.rpcPort, 'status'),
      rpc<NetInfoResult>(node.rpcPort, 'net_info'),
    ]);
    const peers = netInfo.peers ?? [];
    const outbound = peers.filter((p) => p.is_outbound).length;
    return {
      node,
      peers: { total: peers.length, inbound: peers.length - outbound, outbound, monikers: peers.map((p) => p.node_info.moniker).sort() },
      height: String(status.sync_info?.latest_block_height ?? '0'),
      hash: status.sync_info?.latest_block_hash ?? '',
    };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { node, error: cause === 'ECONNREFUSED' ? 'starting…' : (err as Error).message };
  }
}

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Height "-" until a block exists (consensus not running yet). */
export function renderSummary(summaries: NodeSummary[], uptimeMs: number): string[] {
  const header = `NODE     ID            P2P               RPC    PEERS              HEIGHT   BLOCK      (up ${formatUptime(uptimeMs)}, Ctrl-C stops)`;
  const lines = summaries.map((s) => {
    const id = `${s.node.nodeId.slice(0, 10)}…`;
    const p2p = `127.0.0.1:${s.node.p2pPort}`;
    const left = `${s.node.name.padEnd(8)} ${id.padEnd(13)} ${p2p.padEnd(17)} ${String(s.node.rpcPort).padEnd(6)}`;
    if (s.exited !== undefined) return `${left} exited (${s.exited})`;
    if (!s.peers) return `${left} ${s.error ?? ''}`;
    const peers = `${s.peers.total} (${s.peers.inbound} in/${s.peers.outbound} out)`;
    const height = s.height === undefined || s.height === '0' ? '-' : s.height;
    const block = s.hash ? `${s.hash.slice(0, 8)}…` : '-';
    return `${left} ${peers.padEnd(18)} ${height.padEnd(8)} ${block.padEnd(10)} ${s.peers.monikers.join(',')}`;
  });
  return [header, ...lines];
}
