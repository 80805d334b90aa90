/**
 * ExecTxResult and Event (tendermint.abci, v0.38): the per-tx result of
 * FinalizeBlock. Only its deterministic part {code, data, gas_wanted,
 * gas_used} goes into Header.last_results_hash.
 */
import { f, message, type Infer } from '../proto/index.js';

export const EventAttribute = message('EventAttribute', { key: f.string(1), value: f.string(2), index: f.bool(3) });
export type EventAttribute = Infer<typeof EventAttribute>;

export const Event = message('Event', {
  type: f.string(1),
  attributes: f.repeated(f.message(2, EventAttribute, { nn: true })),
});
export type Event = Infer<typeof Event>;

export const ExecTxResult = message('ExecTxResult', {
  code: f.uint32(1),
  data: f.bytes(2),
  log: f.string(3),
  info: f.string(4),
  gasWanted: f.int64(5),
  gasUsed: f.int64(6),
  events: f.repeated(f.message(7, Event, { nn: true })),
  codespace: f.string(8),
});
export type ExecTxResult = Infer<typeof ExecTxResult>;

/** The result with every non-deterministic field cleared (upstream deterministicExecTxResult). */
export function deterministicExecTxResult(r: ExecTxResult): ExecTxResult {
  return ExecTxResult.create({ code: r.code, data: r.data, gasWanted: r.gasWanted, gasUsed: r.gasUsed });
}
