/**
 * The info routes: health, status, net_info (rpc.md §4, §4.1). Before
 * consensus exists the sync info is the initial state, exactly what
 * CometBFT reports before its first block.
 */
import type { MConnectionStatus } from '@cometts/mconn';
import { formatRFC3339Nano, pubKeyToJson, type DefaultNodeInfo, type PublicKey, type Timestamp } from '@cometts/types';
import { toHexUpper } from '../../home/cmtjson.js';
import type { RouteTable } from '../dispatch.js';
import { connectionStatusJson, nodeInfoJson } from '../format.js';

export interface SyncInfo {
  latestBlockHash: Uint8Array;
  latestAppHash: Uint8Array;
  latestBlockHeight: bigint;
  latestBlockTime: Timestamp;
  earliestBlockHash: Uint8Array;
  earliestAppHash: Uint8Array;
  earliestBlockHeight: bigint;
  earliestBlockTime: Timestamp;
  catchingUp: boolean;
}

/** What CometBFT reports with no blocks: empty hashes, heights 0, Unix epoch times. */
export function initialSyncInfo(): SyncInfo {
  const epoch = { seconds: 0n, nanos: 0 };
  return {
    latestBlockHash: new Uint8Array(),
    latestAppHash: new Uint8Array(),
    latestBlockHeight: 0n,
    latestBlockTime: epoch,
    earliestBlockHash: new Uint8Array(),
    earliestAppHash: new Uint8Array(),
    earliestBlockHeight: 0n,
    earliestBlockTime: epoch,
    catchingUp: false,
  };
}

export interface ValidatorInfo {
  address: Uint8Array;
  pubKey: PublicKey;
  /** Our power in the validator set of the next height (0 if not a validator). */
  votingPower: bigint;
}

export interface PeerView {
  nodeInfo: DefaultNodeInfo;
  isOutbound: boolean;
  status: MConnectionStatus;
  remoteIp: string;
}

export interface InfoSource {
  nodeInfo(): DefaultNodeInfo;
  syncInfo(): SyncInfo;
  validatorInfo(): ValidatorInfo;
  /** `p2p.external_address` as configured ("" when unset). */
  externalAddress(): string;
  listening(): boolean;
  peers(): PeerView[];
}

export function statusJson(source: InfoSource) {
  const s = source.syncInfo();
  const v = source.validatorInfo();
  return {
    node_info: nodeInfoJson(source.nodeInfo()),
    sync_info: {
      latest_block_hash: toHexUpper(s.latestBlockHash),
      latest_app_hash: toHexUpper(s.latestAppHash),
      latest_block_height: String(s.latestBlockHeight),
      latest_block_time: formatRFC3339Nano(s.latestBlockTime),
      earliest_block_hash: toHexUpper(s.earliestBlockHash),
      earliest_app_hash: toHexUpper(s.earliestAppHash),
      earliest_block_height: String(s.earliestBlockHeight),
      earliest_block_time: formatRFC3339Nano(s.earliestBlockTime),
      catching_up: s.catchingUp,
    },
    validator_info: {
      address: toHexUpper(v.address),
      pub_key: pubKeyToJson(v.pubKey),
      voting_power: String(v.votingPower),
    },
  };
}

export function netInfoJson(source: InfoSource) {
  const peers = source.peers();
  return {
    listening: source.listening(),
    listeners: [`Listener(@${source.externalAddress()})`],
    n_peers: String(peers.length),
    peers: peers.map((p) => ({
      node_info: nodeInfoJson(p.nodeInfo),
      is_outbound: p.isOutbound,
      connection_status: connectionStatusJson(p.status),
      remote_ip: p.remoteIp,
    })),
  };
}

export function infoRoutes(source: InfoSource): RouteTable {
  return {
    health: { params: [], handler: () => ({}) },
    status: { params: [], handler: () => statusJson(source) },
    net_info: { params: [], handler: () => netInfoJson(source) },
  };
}
