/**
 * config.toml: every key CometBFT v0.38 knows, with CometBFT's defaults and
 * ValidateBasic rules. Keys keep their TOML spelling so an error can name the
 * exact key; durations become milliseconds.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { bool, duration, idList, int, listenAddress, oneOf, peerList, str, stringList } from './fields.js';
import { COMETBFT_VERSION } from '../version.js';

const printableAscii = /^[\x20-\x7e]*$/;

const rpc = z.object({
  laddr: listenAddress('tcp://127.0.0.1:26657', { allowEmpty: true, list: true }),
  cors_allowed_origins: stringList([]),
  cors_allowed_methods: stringList(['HEAD', 'GET', 'POST']),
  cors_allowed_headers: stringList(['Origin', 'Accept', 'Content-Type', 'X-Requested-With', 'X-Server-Time']),
  grpc_laddr: listenAddress('', { allowEmpty: true }),
  grpc_max_open_connections: int(900),
  unsafe: bool(false),
  max_open_connections: int(900),
  max_subscription_clients: int(100),
  max_subscriptions_per_client: int(5),
  experimental_subscription_buffer_size: int(200, 100),
  experimental_websocket_write_buffer_size: int(200),
  experimental_close_on_slow_client: bool(false),
  timeout_broadcast_tx_commit: duration('10s'),
  max_request_batch_size: int(10),
  max_body_bytes: int(1000000),
  max_header_bytes: int(1048576),
  tls_cert_file: str(''),
  tls_key_file: str(''),
  pprof_laddr: listenAddress('', { allowEmpty: true }),
});

const p2p = z.object({
  laddr: listenAddress('tcp://0.0.0.0:26656'),
  external_address: listenAddress('', { allowEmpty: true }),
  seeds: peerList(''),
  persistent_peers: peerList(''),
  addr_book_file: str('config/addrbook.json'),
  addr_book_strict: bool(true),
  max_num_inbound_peers: int(40),
  max_num_outbound_peers: int(10),
  unconditional_peer_ids: idList(''),
  persistent_peers_max_dial_period: duration('0s'),
  flush_throttle_timeout: duration('100ms'),
  max_packet_msg_payload_size: int(1024),
  send_rate: int(5120000),
  recv_rate: int(5120000),
  pex: bool(true),
  seed_mode: bool(false),
  private_peer_ids: idList(''),
  allow_duplicate_ip: bool(false),
  handshake_timeout: duration('20s'),
  dial_timeout: duration('3s'),
});

const mempool = z.object({
  type: oneOf(['flood', 'nop'], 'flood'),
  recheck: bool(true),
  recheck_timeout: duration('1s'),
  broadcast: bool(true),
  wal_dir: str(''),
  size: int(5000),
  max_txs_bytes: int(1073741824),
  cache_size: int(10000),
  'keep-invalid-txs-in-cache': bool(false),
  max_tx_bytes: int(1048576),
  max_batch_bytes: int(0),
  experimental_max_gossip_connections_to_persistent_peers: int(0),
  experimental_max_gossip_connections_to_non_persistent_peers: int(0),
});

// chunk_fetchers is written quoted by CometBFT's template but read as an integer.
const quotedInt = (fallback: number, min: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), int(fallback, min));

const statesync = z.object({
  enable: bool(false),
  rpc_servers: str(''),
  trust_height: int(0),
  trust_hash: z
    .string({ error: 'expected a hex string' })
    .regex(/^([0-9a-fA-F]{2})*$/, { error: 'expected a hex string' })
    .default(''),
  trust_period: duration('168h0m0s'),
  discovery_time: duration('15s'),
  temp_dir: str(''),
  chunk_request_timeout: duration('10s'),
  chunk_fetchers: quotedInt(4, 0),
  max_snapshot_chunks: int(100000),
});

const blocksync = z.object({
  version: z
    .string({ error: 'expected "v0"' })
    .refine((v) => v === 'v0', { error: 'expected "v0" (block sync v1 and v2 have been removed)' })
    .default('v0'),
});

const consensus = z.object({
  wal_file: str('data/cs.wal/wal'),
  timeout_propose: duration('3s'),
  timeout_propose_delta: duration('500ms'),
  timeout_prevote: duration('1s'),
  timeout_prevote_delta: duration('500ms'),
  timeout_precommit: duration('1s'),
  timeout_precommit_delta: duration('500ms'),
  timeout_commit: duration('1s'),
  double_sign_check_height: int(0),
  skip_timeout_commit: bool(false),
  create_empty_blocks: bool(true),
  create_empty_blocks_interval: duration('0s'),
  peer_gossip_sleep_duration: duration('100ms'),
  peer_query_maj23_sleep_duration: duration('2s'),
  block_time_tolerance: duration('1m0s'),
});

const storage = z.object({ discard_abci_responses: bool(false) });

const txIndex = z.object({
  indexer: oneOf(['kv', 'null', 'psql'], 'kv'),
  'psql-conn': str(''),
});

const instrumentation = z.object({
  prometheus: bool(false),
  prometheus_listen_addr: listenAddress(':26660'),
  max_open_connections: int(3),
  namespace: str('cometbft'),
});

export const ConfigSchema = z
  .object({
    version: z
      .string({ error: 'expected a semantic version string such as "0.38.25"' })
      .regex(/^(v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)?$/, {
        error: 'expected a semantic version string such as "0.38.25"',
      })
      .default(COMETBFT_VERSION),
    // CometBFT's default is an ABCI socket; cometts runs its applications in process.
    proxy_app: str('kvstore'),
    moniker: z
      .string({ error: 'expected a string' })
      .refine((m) => m.trim().length > 0 && printableAscii.test(m), {
        error: 'expected a non-empty printable ASCII name',
      })
      .default(() => hostname() || 'cometts'),
    db_backend: oneOf(['goleveldb', 'cleveldb', 'boltdb', 'rocksdb', 'badgerdb', 'memdb', 'pebbledb'], 'goleveldb'),
    db_dir: str('data'),
    log_level: str('info'),
    log_format: oneOf(['plain', 'json'], 'plain'),
    genesis_file: str('config/genesis.json'),
    priv_validator_key_file: str('config/priv_validator_key.json'),
    priv_validator_state_file: str('data/priv_validator_state.json'),
    priv_validator_laddr: listenAddress('', { allowEmpty: true }),
    node_key_file: str('config/node_key.json'),
    abci: oneOf(['socket', 'grpc'], 'socket'),
    filter_peers: bool(false),
    event_bus_buffer_capacity: int(0),
    rpc: rpc.prefault({}),
    p2p: p2p.prefault({}),
    mempool: mempool.prefault({}),
    statesync: statesync.prefault({}),
    blocksync: blocksync.prefault({}),
    consensus: consensus.prefault({}),
    storage: storage.prefault({}),
    tx_index: txIndex.prefault({}),
    instrumentation: instrumentation.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.rpc.experimental_websocket_write_buffer_size < cfg.rpc.experimental_subscription_buffer_size) {
      ctx.addIssue({
        code: 'custom',
        path: ['rpc', 'experimental_websocket_write_buffer_size'],
        message: `expected an integer ≥ rpc.experimental_subscription_buffer_size (${cfg.rpc.experimental_subscription_buffer_size})`,
      });
    }
    if (cfg.mempool.type === 'nop' && !cfg.consensus.create_empty_blocks) {
      ctx.addIssue({
        code: 'custom',
        path: ['consensus', 'create_empty_blocks'],
        message: 'expected true when mempool.type is "nop"',
      });
    }
    if (cfg.statesync.enable) validateStateSync(cfg.statesync, ctx);
  });

function validateStateSync(ss: z.output<typeof statesync>, ctx: z.RefinementCtx): void {
  const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: ['statesync', key], message });
  const servers = ss.rpc_servers.split(',').map((s) => s.trim());
  if (servers.length < 2 || servers.some((s) => s === '')) {
    issue('rpc_servers', 'expected at least 2 comma-separated RPC servers when statesync is enabled');
  }
  if (ss.discovery_time !== 0 && ss.discovery_time < 5000) issue('discovery_time', 'expected 0s or a duration ≥ 5s');
  if (ss.trust_period <= 0) issue('trust_period', 'expected a duration > 0s when statesync is enabled');
  if (ss.trust_height <= 0) issue('trust_height', 'expected an integer > 0 when statesync is enabled');
  if (ss.trust_hash === '') issue('trust_hash', 'expected the hex hash of the trusted header when statesync is enabled');
  if (ss.chunk_request_timeout < 5000) issue('chunk_request_timeout', 'expected a duration ≥ 5s when statesync is enabled');
  if (ss.chunk_fetchers <= 0) issue('chunk_fetchers', 'expected an integer > 0 when statesync is enabled');
}

/** The validated node configuration (durations in milliseconds). */
export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
