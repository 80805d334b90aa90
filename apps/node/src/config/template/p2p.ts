/** config.toml: [p2p] and [mempool], laid out as CometBFT writes them. */
import type { Config } from '../schema.js';
import { dur, q } from './values.js';

export function p2pSection(c: Config): string {
  const p = c.p2p;
  return `
#######################################################
###           P2P Configuration Options             ###
#######################################################
[p2p]

# Address to listen for incoming connections
laddr = ${q(p.laddr)}

# Address to advertise to peers for them to dial. If empty, will use the same
# port as the laddr, and will introspect on the listener to figure out the
# address. IP and port are required. Example: 159.89.10.97:26656
external_address = ${q(p.external_address)}

# Comma separated list of seed nodes to connect to
seeds = ${q(p.seeds)}

# Comma separated list of nodes to keep persistent connections to
persistent_peers = ${q(p.persistent_peers)}

# Path to address book
addr_book_file = ${q(p.addr_book_file)}

# Set true for strict address routability rules
# Set false for private or local networks
addr_book_strict = ${p.addr_book_strict}

# Maximum number of inbound peers
max_num_inbound_peers = ${p.max_num_inbound_peers}

# Maximum number of outbound peers to connect to, excluding persistent peers
max_num_outbound_peers = ${p.max_num_outbound_peers}

# List of node IDs, to which a connection will be (re)established ignoring any existing limits
unconditional_peer_ids = ${q(p.unconditional_peer_ids)}

# Maximum pause when redialing a persistent peer (if zero, exponential backoff is used)
persistent_peers_max_dial_period = ${dur(p.persistent_peers_max_dial_period)}

# Time to wait before flushing messages out on the connection
flush_throttle_timeout = ${dur(p.flush_throttle_timeout)}

# Maximum size of a message packet payload, in bytes
max_packet_msg_payload_size = ${p.max_packet_msg_payload_size}

# Rate at which packets can be sent, in bytes/second
send_rate = ${p.send_rate}

# Rate at which packets can be received, in bytes/second
recv_rate = ${p.recv_rate}

# Set true to enable the peer-exchange reactor
pex = ${p.pex}

# Seed mode, in which node constantly crawls the network and looks for
# peers. If another node asks it for addresses, it responds and disconnects.
#
# Does not work if the peer-exchange reactor is disabled.
seed_mode = ${p.seed_mode}

# Comma separated list of peer IDs to keep private (will not be gossiped to other peers)
private_peer_ids = ${q(p.private_peer_ids)}

# Toggle to disable guard against peers connecting from the same ip.
allow_duplicate_ip = ${p.allow_duplicate_ip}

# Peer connection configuration.
handshake_timeout = ${dur(p.handshake_timeout)}
dial_timeout = ${dur(p.dial_timeout)}
${mempoolSection(c)}`;
}

function mempoolSection(c: Config): string {
  const m = c.mempool;
  return `
#######################################################
###          Mempool Configuration Option          ###
#######################################################
[mempool]

# The type of mempool for this node to use.
#  - "flood" : concurrent linked list mempool with flooding gossip protocol (default)
#  - "nop"   : nop-mempool (the ABCI app is responsible for storing, disseminating
#  and proposing txs). "create_empty_blocks=false" is not supported.
type = ${q(m.type)}

# Recheck (default: true) defines whether the remaining transactions in the
# mempool are checked again after a block.
recheck = ${m.recheck}

# recheck_timeout is the time the application has during the rechecking process
# to return CheckTx responses, once all requests have been sent.
recheck_timeout = ${dur(m.recheck_timeout)}

# Broadcast (default: true) defines whether the mempool should relay
# transactions to other peers.
broadcast = ${m.broadcast}

# WalPath (default: "") configures the location of the Write Ahead Log
# (WAL) for the mempool. The WAL is disabled by default.
wal_dir = ${q(m.wal_dir)}

# Maximum number of transactions in the mempool
size = ${m.size}

# Limit the total size of all txs in the mempool.
max_txs_bytes = ${m.max_txs_bytes}

# Size of the cache (used to filter transactions we saw earlier) in transactions
cache_size = ${m.cache_size}

# Do not remove invalid transactions from the cache (default: false)
keep-invalid-txs-in-cache = ${m['keep-invalid-txs-in-cache']}

# Maximum size of a single transaction.
# NOTE: the max size of a tx transmitted over the network is {max_tx_bytes}.
max_tx_bytes = ${m.max_tx_bytes}

# Maximum size of a batch of transactions to send to a peer (unused).
max_batch_bytes = ${m.max_batch_bytes}

# Experimental parameters to limit gossiping txs to up to the specified number of peers.
# If set to 0, the feature is disabled for the corresponding group of peers.
experimental_max_gossip_connections_to_persistent_peers = ${m.experimental_max_gossip_connections_to_persistent_peers}
experimental_max_gossip_connections_to_non_persistent_peers = ${m.experimental_max_gossip_connections_to_non_persistent_peers}
`;
}
