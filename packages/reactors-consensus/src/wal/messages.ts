/**
 * The consensus WAL's record payload (tendermint.consensus.TimedWALMessage),
 * byte-compatible with CometBFT v0.38 WAL files.
 */
import { ConsensusMessage, f, message, oneof, timestampField, type Infer } from '@cometts/types';

/** tendermint.types.EventDataRoundState: `step` is the step's name, e.g. "RoundStepPropose". */
export const EventDataRoundState = message('EventDataRoundState', {
  height: f.int64(1),
  round: f.int32(2),
  step: f.string(3),
});
export type EventDataRoundState = Infer<typeof EventDataRoundState>;

/** A consensus message and the peer it came from ("" for the node's own messages). */
export const MsgInfo = message('MsgInfo', { msg: f.message(1, ConsensusMessage), peerId: f.string(2) }, [
  ['msg_info must carry a consensus message', (m) => m.msg !== undefined, ['msg']],
]);
export type MsgInfo = Infer<typeof MsgInfo>;

/** A fired timeout; `duration` is Go nanoseconds, `step` the round step number. */
export const TimeoutInfo = message('TimeoutInfo', {
  duration: f.duration(1),
  height: f.int64(2),
  round: f.int32(3),
  step: f.uint32(4),
});
export type TimeoutInfo = Infer<typeof TimeoutInfo>;

/** Marks that every message of `height` precedes it: replay starts after end_height{H−1}. */
export const EndHeight = message('EndHeight', { height: f.int64(1) });
export type EndHeight = Infer<typeof EndHeight>;

export const WALMessage = oneof('WALMessage', {
  eventDataRoundState: f.message(1, EventDataRoundState, { nn: true }),
  msgInfo: f.message(2, MsgInfo, { nn: true }),
  timeoutInfo: f.message(3, TimeoutInfo, { nn: true }),
  endHeight: f.message(4, EndHeight, { nn: true }),
});
export type WALMessage = Infer<typeof WALMessage>;

export const TimedWALMessage = message('TimedWALMessage', { time: timestampField(1), msg: f.message(2, WALMessage) }, [
  ['WAL record must carry a message', (m) => m.msg !== undefined, ['msg']],
]);
export type TimedWALMessage = Infer<typeof TimedWALMessage>;
