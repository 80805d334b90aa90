/** config.toml: the top-level keys and [rpc], laid out as CometBFT writes them. */
import type { Config } from '../schema.js';
import { dur, list, q } from './values.js';

export function baseSection(c: Config): string {
  return `# This is a TOML config file.
# For more information, see https://github.com/toml-lang/toml

# NOTE: Any path below can be absolute (e.g. "/var/myawesomeapp/data") or
# relative to the home directory (e.g. "data"). The home directory is
# "$HOME/.cometts" by default, but could be changed via $CMTHOME env variable
# or --home cmd flag.

# The version of the CometBFT binary that created or
# last modified the config file. Do not modify this.
version = ${q(c.version)}

#######################################################################
###                   Main Base Config Options                      ###
#######################################################################

# TCP or UNIX socket address of the ABCI application,
# or the name of an ABCI application compiled in with the node binary
proxy_app = ${q(c.proxy_app)}

# A custom human readable name for this node
moniker = ${q(c.moniker)}

# Database backend: goleveldb | cleveldb | boltdb | rocksdb | badgerdb
db_backend = ${q(c.db_backend)}

# Database directory
db_dir = ${q(c.db_dir)}

# Output level for logging, including package level options
log_level = ${q(c.log_level)}

# Output format: 'plain' (colored text) or 'json'
log_format = ${q(c.log_format)}

##### additional base config options #####

# Path to the JSON file containing the initial validator set and other meta data
genesis_file = ${q(c.genesis_file)}

# Path to the JSON file containing the private key to use as a validator in the consensus protocol
priv_validator_key_file = ${q(c.priv_validator_key_file)}

# Path to the JSON file containing the last sign state of a validator
priv_validator_state_file = ${q(c.priv_validator_state_file)}

# TCP or UNIX socket address for the node to listen on for
# connections from an external PrivValidator process
priv_validator_laddr = ${q(c.priv_validator_laddr)}

# Path to the JSON file containing the private key to use for node authentication in the p2p protocol
node_key_file = ${q(c.node_key_file)}

# Mechanism to connect to the ABCI application: socket | grpc
abci = ${q(c.abci)}

# If true, query the ABCI app on connecting to a new peer
# so the app can decide if we should keep the connection or not
filter_peers = ${c.filter_peers}

# Buffer capacity for the internal EventBus. A value of 0 means unbuffered
# (publishers block until subscribers receive).
event_bus_buffer_capacity = ${c.event_bus_buffer_capacity}


#######################################################################
###                 Advanced Configuration Options                  ###
#######################################################################

#######################################################
###       RPC Server Configuration Options          ###
#######################################################
[rpc]

# TCP or UNIX socket address for the RPC server to listen on
laddr = ${q(c.rpc.laddr)}

# A list of origins a cross-domain request can be executed from
# Default value '[]' disables cors support
# Use '["*"]' to allow any origin
cors_allowed_origins = ${list(c.rpc.cors_allowed_origins)}

# A list of methods the client is allowed to use with cross-domain requests
cors_allowed_methods = ${list(c.rpc.cors_allowed_methods)}

# A list of non simple headers the client is allowed to use with cross-domain requests
cors_allowed_headers = ${list(c.rpc.cors_allowed_headers)}

# TCP or UNIX socket address for the gRPC server to listen on
# NOTE: This server only supports /broadcast_tx_commit
grpc_laddr = ${q(c.rpc.grpc_laddr)}

# Maximum number of simultaneous gRPC connections. 0 - unlimited.
grpc_max_open_connections = ${c.rpc.grpc_max_open_connections}

# Activate unsafe RPC commands like /dial_seeds and /unsafe_flush_mempool
unsafe = ${c.rpc.unsafe}

# Maximum number of simultaneous connections (including WebSocket).
# Does not include gRPC connections. 0 - unlimited.
max_open_connections = ${c.rpc.max_open_connections}

# Maximum number of unique clientIDs that can /subscribe
max_subscription_clients = ${c.rpc.max_subscription_clients}

# Maximum number of unique queries a given client can /subscribe to
max_subscriptions_per_client = ${c.rpc.max_subscriptions_per_client}

# Maximum number of events buffered per subscription before the subscription
# is closed with an error. Must be at least 100.
experimental_subscription_buffer_size = ${c.rpc.experimental_subscription_buffer_size}

# Maximum number of RPC responses buffered per WebSocket client. Must be at
# least experimental_subscription_buffer_size.
experimental_websocket_write_buffer_size = ${c.rpc.experimental_websocket_write_buffer_size}

# Close a WebSocket client that cannot read fast enough instead of dropping events.
experimental_close_on_slow_client = ${c.rpc.experimental_close_on_slow_client}

# How long to wait for a tx to be committed during /broadcast_tx_commit.
timeout_broadcast_tx_commit = ${dur(c.rpc.timeout_broadcast_tx_commit)}

# Maximum number of requests that can be sent in a batch (0 = no limit)
max_request_batch_size = ${c.rpc.max_request_batch_size}

# Maximum size of request body, in bytes
max_body_bytes = ${c.rpc.max_body_bytes}

# Maximum size of request header, in bytes
max_header_bytes = ${c.rpc.max_header_bytes}

# The path to a file containing the certificate used to create the HTTPS server
# (absolute, or relative to the config directory).
# NOTE: both tls_cert_file and tls_key_file must be present to serve HTTPS.
tls_cert_file = ${q(c.rpc.tls_cert_file)}

# The path to a file containing the matching private key for the HTTPS server.
tls_key_file = ${q(c.rpc.tls_key_file)}

# pprof listen address (https://golang.org/pkg/net/http/pprof)
pprof_laddr = ${q(c.rpc.pprof_laddr)}
`;
}
