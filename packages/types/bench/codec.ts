// Encode+decode throughput of the hot wire messages (limit: none).
import { randomBytes } from 'node:crypto';
import { ConsensusMessage, Packet, PartSet, Txs, Vote, type MessageType } from '../src/index.js';
import { opsPerSecond, report } from './measure.js';

const MS = 1000;

function roundTrip<T>(type: MessageType<T>, value: T): () => void {
  return () => {
    type.decode(type.encode(value));
  };
}

const packet: Packet = { case: 'msg', value: { channelId: 0x20, eof: true, data: new Uint8Array(randomBytes(1024)) } };
report('types.codec.packet.1KiB', opsPerSecond(roundTrip(Packet, packet), MS), 'ops/s', null);

const vote = Vote.create({
  type: 2,
  height: 123456n,
  round: 1,
  blockId: { hash: new Uint8Array(randomBytes(32)), partSetHeader: { total: 3, hash: new Uint8Array(randomBytes(32)) } },
  timestamp: { seconds: 1_700_000_000n, nanos: 123_456_789 },
  validatorAddress: new Uint8Array(randomBytes(20)),
  validatorIndex: 17,
  signature: new Uint8Array(randomBytes(64)),
});
report('types.codec.vote', opsPerSecond(roundTrip(Vote, vote), MS), 'ops/s', null);

const parts = PartSet.fromData(new Uint8Array(randomBytes(3 * 65536)));
const blockPart: ConsensusMessage = { case: 'blockPart', value: { height: 123456n, round: 0, part: parts.getPart(0)! } };
report('types.codec.consensus.blockpart.64KiB', opsPerSecond(roundTrip(ConsensusMessage, blockPart), MS), 'ops/s', null);

const txs = { txs: Array.from({ length: 100 }, () => new Uint8Array(randomBytes(250))) };
report('types.codec.mempool.txs.100x250B', opsPerSecond(roundTrip(Txs, txs), MS), 'ops/s', null);
