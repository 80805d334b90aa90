/**
 * Start-up: listen (if configured), then describe ourselves: the NodeInfo we
 * announce and the NetAddress peers dial. Both are fixed before the first
 * inbound handshake can need them.
 */
import { NetAddress, removeProtocol, splitHostPort, type DefaultNodeInfo, type NodeId } from '@cometts/types';
import type { Logger } from '../logging.js';
import { buildNodeInfo } from '../node/node-info.js';
import type { InboundHandlers, Transport } from '../transport/transport.js';
import type { SwitchOptions } from './options.js';

export interface Identity {
  nodeInfo: DefaultNodeInfo;
  address: NetAddress;
}

export async function listenAndDescribe(
  options: SwitchOptions,
  nodeId: NodeId,
  channels: Uint8Array,
  transport: Transport,
  handlers: InboundHandlers,
  logger: Logger,
): Promise<Identity> {
  let external: NetAddress | undefined;
  if (options.externalAddress !== undefined) {
    try {
      external = await NetAddress.resolve(`${nodeId}@${removeProtocol(options.externalAddress)}`, options.resolver);
    } catch (err) {
      logger.warn('external address does not resolve; announcing it anyway', { externalAddress: options.externalAddress, error: (err as Error).message });
    }
  }
  let listenAddr = options.externalAddress ?? 'tcp://0.0.0.0:0';
  let bound = { host: '0.0.0.0', port: 0 };
  if (options.listenAddress !== undefined) {
    const { host, port } = splitHostPort(removeProtocol(options.listenAddress));
    bound = await transport.listen(host, Number(port), handlers);
    listenAddr = options.externalAddress ?? `tcp://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;
  }
  // Synchronous from here: no inbound connection can reach its NodeInfo exchange before this returns.
  const nodeInfo = buildNodeInfo({
    ...options.nodeInfo,
    nodeId,
    network: options.network,
    moniker: options.moniker,
    listenAddr,
    channels,
  });
  return { nodeInfo, address: external ?? NetAddress.fromIPPort(bound.host, bound.port, nodeId) };
}
