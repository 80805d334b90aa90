/** config.toml: [statesync] to [instrumentation], laid out as CometBFT writes them. */
import type { Config } from '../schema.js';
import { dur, q } from './values.js';

export function restSections(c: Config): string {
  const s = c.statesync;
  const k = c.consensus;
  return `
#######################################################
###         State Sync Configuration Options        ###
#######################################################
[statesync]
# State sync bootstraps a new node from a snapshot served by peers instead of
# replaying historical blocks. It is not attempted if the node has any local state.
enable = ${s.enable}

# RPC servers (comma-separated) for light client verification of the synced state machine,
# with a trusted height and header hash obtained from a trusted source.
rpc_servers = ${q(s.rpc_servers)}
trust_height = ${s.trust_height}
trust_hash = ${q(s.trust_hash)}
trust_period = ${dur(s.trust_period)}

# Time to spend discovering snapshots before initiating a restore.
discovery_time = ${dur(s.discovery_time)}

# Temporary directory for state sync snapshot chunks, defaults to the OS tempdir.
temp_dir = ${q(s.temp_dir)}

# The timeout duration before re-requesting a chunk, possibly from a different peer.
chunk_request_timeout = ${dur(s.chunk_request_timeout)}

# The number of concurrent chunk fetchers to run.
chunk_fetchers = ${q(String(s.chunk_fetchers))}

# Maximum number of chunks allowed in a snapshot.
max_snapshot_chunks = ${s.max_snapshot_chunks}

#######################################################
###       Block Sync Configuration Options          ###
#######################################################
[blocksync]

# Block Sync version to use ("v0" is the only one left)
version = ${q(c.blocksync.version)}

#######################################################
###         Consensus Configuration Options         ###
#######################################################
[consensus]

wal_file = ${q(k.wal_file)}

# How long we wait for a proposal block before prevoting nil
timeout_propose = ${dur(k.timeout_propose)}
# How much timeout_propose increases with each round
timeout_propose_delta = ${dur(k.timeout_propose_delta)}
# How long we wait after receiving +2/3 prevotes for “anything” (ie. not a single block or nil)
timeout_prevote = ${dur(k.timeout_prevote)}
# How much the timeout_prevote increases with each round
timeout_prevote_delta = ${dur(k.timeout_prevote_delta)}
# How long we wait after receiving +2/3 precommits for “anything” (ie. not a single block or nil)
timeout_precommit = ${dur(k.timeout_precommit)}
# How much the timeout_precommit increases with each round
timeout_precommit_delta = ${dur(k.timeout_precommit_delta)}
# How long we wait after committing a block, before starting on the new height
timeout_commit = ${dur(k.timeout_commit)}

# How many blocks to look back to check existence of the node's consensus votes before joining consensus
double_sign_check_height = ${k.double_sign_check_height}

# Make progress as soon as we have all the precommits (as if TimeoutCommit = 0)
skip_timeout_commit = ${k.skip_timeout_commit}

# EmptyBlocks mode and possible interval between empty blocks
create_empty_blocks = ${k.create_empty_blocks}
create_empty_blocks_interval = ${dur(k.create_empty_blocks_interval)}

# Reactor sleep duration parameters
peer_gossip_sleep_duration = ${dur(k.peer_gossip_sleep_duration)}
peer_query_maj23_sleep_duration = ${dur(k.peer_query_maj23_sleep_duration)}

# Maximum allowed difference between proposed block time and wall-clock time.
block_time_tolerance = ${dur(k.block_time_tolerance)}

#######################################################
###         Storage Configuration Options           ###
#######################################################
[storage]

# Set to true to discard ABCI responses from the state store (only the last
# one is kept); /block_results then fails for older heights.
discard_abci_responses = ${c.storage.discard_abci_responses}

#######################################################
###   Transaction Indexer Configuration Options     ###
#######################################################
[tx_index]

# What indexer to use for transactions: "null", "kv" (default) or "psql"
indexer = ${q(c.tx_index.indexer)}

# The PostgreSQL connection configuration, the connection format:
#   postgresql://<user>:<password>@<host>:<port>/<db>?<opts>
psql-conn = ${q(c.tx_index['psql-conn'])}

#######################################################
###       Instrumentation Configuration Options     ###
#######################################################
[instrumentation]

# When true, Prometheus metrics are served under /metrics on
# PrometheusListenAddr.
prometheus = ${c.instrumentation.prometheus}

# Address to listen for Prometheus collector(s) connections
prometheus_listen_addr = ${q(c.instrumentation.prometheus_listen_addr)}

# Maximum number of simultaneous connections. 0 - unlimited.
max_open_connections = ${c.instrumentation.max_open_connections}

# Instrumentation namespace
namespace = ${q(c.instrumentation.namespace)}
`;
}
