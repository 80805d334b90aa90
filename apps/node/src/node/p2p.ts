/**
 * The p2p stack of a node from its config: the address book, the Switch
 * (limits, persistent/unconditional/private peers, MConnection settings) and
 * the PEX reactor (with seeds and seed mode) when `p2p.pex` is on.
 */
import { AddrBook, PexReactor } from '@cometts/pex-addrbook';
import { parseAddressList, Switch, type Logger as SwitchLogger, type Reactor } from '@cometts/switch';
import type { NetAddress, NodeKey } from '@cometts/types';
import type { Config } from '../config/schema.js';
import { splitList } from '../config/fields.js';
import type { Logger } from '../logging/logger.js';
import type { NodeMetrics } from '../metrics/metrics.js';
import { COMETBFT_VERSION } from '../version.js';

export interface P2pStack {
  sw: Switch;
  addrBook: AddrBook;
  /** Present when p2p.pex is on. */
  pex: PexReactor | undefined;
  seeds: NetAddress[];
}

export interface P2pInputs {
  config: Config;
  nodeKey: NodeKey;
  chainId: string;
  appVersion: bigint;
  addrBookFile: string;
  p2pLogger: Logger;
  pexLogger: Logger;
  metrics?: NodeMetrics;
  /** Reactors to register before PEX (CometBFT's channel order), given the new switch. */
  reactors?: (sw: Switch) => [name: string, reactor: Reactor][];
}

async function addresses(list: string, key: string, logger: Logger): Promise<NetAddress[]> {
  const parsed = await parseAddressList(list);
  for (const { entry, error } of parsed.unresolved) {
    logger.error(`cannot resolve an address in ${key}, skipping it`, { address: entry, err: error.message });
  }
  return parsed.addresses;
}

export async function buildP2pStack(inputs: P2pInputs): Promise<P2pStack> {
  const { config, p2pLogger } = inputs;
  const p2p = config.p2p;
  const persistentPeers = await addresses(p2p.persistent_peers, 'p2p.persistent_peers', p2pLogger);
  const seeds = await addresses(p2p.seeds, 'p2p.seeds', p2pLogger);
  const addrBook = new AddrBook({ filePath: inputs.addrBookFile, strict: p2p.addr_book_strict, logger: inputs.pexLogger });
  const sw = new Switch({
    nodeKey: inputs.nodeKey,
    network: inputs.chainId,
    moniker: config.moniker,
    listenAddress: p2p.laddr,
    ...(p2p.external_address ? { externalAddress: p2p.external_address } : {}),
    nodeInfo: {
      version: COMETBFT_VERSION,
      appVersion: inputs.appVersion,
      txIndex: config.tx_index.indexer === 'null' ? 'off' : 'on',
      rpcAddress: config.rpc.laddr,
    },
    maxInboundPeers: p2p.max_num_inbound_peers,
    maxOutboundPeers: p2p.max_num_outbound_peers,
    persistentPeers,
    unconditionalPeerIds: splitList(p2p.unconditional_peer_ids).map((id) => id.toLowerCase()),
    privatePeerIds: splitList(p2p.private_peer_ids).map((id) => id.toLowerCase()),
    allowDuplicateIp: p2p.allow_duplicate_ip,
    reconnect: { maxDialPeriodMs: p2p.persistent_peers_max_dial_period },
    mconnConfig: {
      sendRate: p2p.send_rate,
      recvRate: p2p.recv_rate,
      maxPacketMsgPayloadSize: p2p.max_packet_msg_payload_size,
      flushThrottleMs: p2p.flush_throttle_timeout,
    },
    addrBook: addrBook.switchHook(),
    logger: p2pLogger as SwitchLogger,
    ...(inputs.metrics ? { metrics: inputs.metrics.forSwitch() } : {}),
  });
  for (const [name, reactor] of inputs.reactors?.(sw) ?? []) sw.addReactor(name, reactor);
  let pex: PexReactor | undefined;
  if (p2p.pex) {
    pex = new PexReactor({
      book: addrBook,
      switch: sw,
      maxOutboundPeers: p2p.max_num_outbound_peers,
      seeds,
      seedMode: p2p.seed_mode,
      persistentPeerIds: persistentPeers.map((a) => a.id),
      persistentPeersMaxDialPeriodMs: p2p.persistent_peers_max_dial_period,
      // The node starts and stops (saves) the book itself, with or without PEX.
      manageBook: false,
      logger: inputs.pexLogger,
    });
    sw.addReactor('PEX', pex);
  } else if (p2p.seed_mode || seeds.length > 0) {
    p2pLogger.error('p2p.seeds and p2p.seed_mode need the PEX reactor (p2p.pex = true); they are ignored');
  }
  return { sw, addrBook, pex, seeds };
}
