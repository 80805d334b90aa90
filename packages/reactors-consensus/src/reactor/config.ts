/** Consensus reactor settings (config `[consensus]` peer_* durations, upstream defaults). */

export interface ConsensusReactorConfig {
  /**
   * peer_gossip_sleep_duration: the longest a gossip routine idles when it
   * has nothing to send. Routines are also woken at once by new local
   * consensus data and by the peer's state updates, so this is only the
   * fallback poll.
   */
  peerGossipSleepMs: number;
  /** peer_query_maj23_sleep_duration: pause after each VoteSetMaj23 query and between rounds of queries. */
  peerQueryMaj23SleepMs: number;
  /** MarkPeerAsGood after each this many useful votes (upstream votesToContributeToBecomeGoodPeer). */
  votesToBecomeGoodPeer: number;
  /** MarkPeerAsGood after each this many useful block parts (upstream blocksToContributeToBecomeGoodPeer). */
  blockPartsToBecomeGoodPeer: number;
  /**
   * Peer messages held for the consensus engine while its queue is full
   * (upstream blocks the peer's receive routine instead); beyond this they
   * are dropped, and gossip sends them again. With 64 KiB block parts the
   * default bounds the backlog at about 64 MiB.
   */
  engineBacklog: number;
  /**
   * The node is block- or state-syncing: Data, Vote and VoteSetBits messages
   * are ignored and no NewRoundStep is sent until switchToConsensus().
   */
  waitSync: boolean;
}

export const DEFAULT_CONSENSUS_REACTOR_CONFIG: Readonly<ConsensusReactorConfig> = Object.freeze({
  peerGossipSleepMs: 100,
  peerQueryMaj23SleepMs: 2000,
  votesToBecomeGoodPeer: 10_000,
  blockPartsToBecomeGoodPeer: 10_000,
  engineBacklog: 1000,
  waitSync: false,
});
