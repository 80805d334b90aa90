/** Between wire messages, WAL records and core inputs. */
import { RoundStepType, type ConsensusMessage } from '@cometts/types';
import type { Input, RoundStep } from '../core/types.js';
import type { WALMessage } from '../wal/messages.js';

const STEP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(RoundStepType).map(([name, value]) => [value, `RoundStep${name}`]),
);

/** "RoundStepPropose" etc., as EventDataRoundState records the step. */
export function stepName(step: RoundStep): string {
  return STEP_NAMES[step] ?? `RoundStepUnknown(${step})`;
}

/** The consensus message carried by an input the WAL records as msg_info, if any. */
export function inputToMessage(input: Input): ConsensusMessage | undefined {
  switch (input.kind) {
    case 'proposal':
      return { case: 'proposal', value: { proposal: input.proposal } };
    case 'blockPart':
      return { case: 'blockPart', value: { height: input.height, round: input.round, part: input.part } };
    case 'vote':
      return { case: 'vote', value: { vote: input.vote } };
    default:
      return undefined;
  }
}

/** The core input for a Proposal, BlockPart or Vote message; undefined for the others (reactor business). */
export function messageToInput(msg: ConsensusMessage, peerId: string): Input | undefined {
  switch (msg.case) {
    case 'proposal':
      return { kind: 'proposal', proposal: msg.value.proposal, peerId };
    case 'blockPart':
      return { kind: 'blockPart', height: msg.value.height, round: msg.value.round, part: msg.value.part, peerId };
    case 'vote':
      return msg.value.vote === undefined ? undefined : { kind: 'vote', vote: msg.value.vote, peerId };
    default:
      return undefined;
  }
}

const NANOS_PER_MS = 1_000_000n;

/** The WAL record of an input, or undefined for inputs the WAL does not hold (results of our own effects). */
export function inputToWal(input: Input, timeoutDurationMs: number): WALMessage | undefined {
  if (input.kind === 'timeout') {
    return {
      case: 'timeoutInfo',
      value: { duration: BigInt(Math.round(timeoutDurationMs)) * NANOS_PER_MS, height: input.height, round: input.round, step: input.step },
    };
  }
  const msg = inputToMessage(input);
  if (msg === undefined) return undefined;
  return { case: 'msgInfo', value: { msg, peerId: 'peerId' in input ? input.peerId : '' } };
}

/** The input a replayed WAL record stands for (round states and end heights replay as nothing). */
export function walToInput(record: WALMessage): Input | undefined {
  if (record.case === 'msgInfo') return messageToInput(record.value.msg!, record.value.peerId);
  if (record.case === 'timeoutInfo') {
    const { height, round, step } = record.value;
    return { kind: 'timeout', height, round, step: step as RoundStep };
  }
  return undefined;
}
