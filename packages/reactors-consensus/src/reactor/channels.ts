/**
 * The consensus channels (consensus-messages.md §1, mconnection.md §4). All
 * four carry tendermint.consensus.Message. They decode with the v1 wrapper so
 * a p2p 9 peer's HasProposalBlockPart is understood; the reactor itself
 * refuses that message from p2p 8 peers, as a v0.38 node would.
 *
 * Consensus is latency-bound (each height needs a few message round trips),
 * so these channels skip the MConnection flush throttle that upstream applies
 * to everything (100 ms in v0.38): a vote leaves as soon as it is queued.
 */
import { ConsensusMessageV1 } from '@cometts/types';
import type { ReactorChannel } from '@cometts/switch';

export const STATE_CHANNEL = 0x20;
export const DATA_CHANNEL = 0x21;
export const VOTE_CHANNEL = 0x22;
export const VOTE_SET_BITS_CHANNEL = 0x23;

/** p2p protocol version of CometBFT v1 (v0.38 is 8): it speaks HasProposalBlockPart. */
export const P2P_PROTOCOL_V1 = 9n;

const MAX_MSG_SIZE = 1_048_576;

export const CONSENSUS_CHANNELS: readonly ReactorChannel<ConsensusMessageV1>[] = Object.freeze([
  { id: STATE_CHANNEL, priority: 6, sendQueueCapacity: 100, recvBufferCapacity: 4096, recvMessageCapacity: MAX_MSG_SIZE, flushImmediately: true, codec: ConsensusMessageV1 },
  { id: DATA_CHANNEL, priority: 10, sendQueueCapacity: 100, recvBufferCapacity: 204_800, recvMessageCapacity: MAX_MSG_SIZE, flushImmediately: true, codec: ConsensusMessageV1 },
  { id: VOTE_CHANNEL, priority: 7, sendQueueCapacity: 100, recvBufferCapacity: 10_000, recvMessageCapacity: MAX_MSG_SIZE, flushImmediately: true, codec: ConsensusMessageV1 },
  { id: VOTE_SET_BITS_CHANNEL, priority: 1, sendQueueCapacity: 2, recvBufferCapacity: 1024, recvMessageCapacity: MAX_MSG_SIZE, flushImmediately: true, codec: ConsensusMessageV1 },
]);

/** The channel each message belongs on; a message on another channel is ignored. */
export const CHANNEL_OF: Readonly<Record<ConsensusMessageV1['case'], number>> = Object.freeze({
  newRoundStep: STATE_CHANNEL,
  newValidBlock: STATE_CHANNEL,
  hasVote: STATE_CHANNEL,
  voteSetMaj23: STATE_CHANNEL,
  hasProposalBlockPart: STATE_CHANNEL,
  proposal: DATA_CHANNEL,
  proposalPol: DATA_CHANNEL,
  blockPart: DATA_CHANNEL,
  vote: VOTE_CHANNEL,
  voteSetBits: VOTE_SET_BITS_CHANNEL,
});
