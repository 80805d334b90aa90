/**
 * A simulated network of cores: random delays and drops before GST (a dropped
 * message is offered again later, as gossip would), bounded delays after it, and
 * a gossip stand-in that re-offers logged messages when a node enters a round
 * or learns a block's part-set header. It checks safety on every decision.
 */
import { SignedMsgType, blockIDEquals, type BlockID, type PartSetHeader } from '@cometts/types';
import { defaultVerifier } from '../../../src/core/verifier.js';
import { DEFAULT_TIMEOUTS, type ConsensusTimeouts, type CoreConfig } from '../../../src/core/types.js';
import { genesisState, makeValidators } from '../fixtures.js';
import { TestExecutor, type TxSource } from '../test-executor.js';
import { Scheduler, rng } from './scheduler.js';
import { SimNode, msgHeight, type NetMsg, type SimHost } from './sim-node.js';

export interface SimParams {
  n: number;
  /** Upper bound on equivocating validators (fewer if their power would reach 1/3). */
  byzantine: number;
  /** Voting powers (default 10 each). */
  powers?: number[];
  seed: number;
  dropProb: number;
  maxDelayPreGst: number;
  gstMs: number;
  deltaMs: number;
  invalidBlocks: boolean;
  heights: number;
  timeouts?: Partial<ConsensusTimeouts>;
  /** Simulated time allowed after GST for every honest node to decide `heights` blocks. */
  livenessBudgetMs?: number;
  /** Stop at this simulated time instead (for safety-only runs that never reach GST). */
  stopAtMs?: number;
  txs?: TxSource;
}

export interface SimResult {
  live: boolean;
  decisions: Map<bigint, Map<number, string>>;
  conflictsReported: number;
  rejected: number;
  timeMs: number;
  maxRound: number;
  errors: string[];
}

export class SafetyViolation extends Error {}

interface Logged {
  from: number;
  msg: NetMsg;
}

export function runSimulation(p: SimParams): SimResult {
  const clock = new Scheduler();
  const random = rng(p.seed);
  const vals = makeValidators(p.n, p.powers?.map(BigInt));
  const genesis = genesisState(vals);
  // Up to `byzantine` validators, in random order, as long as their power stays below 1/3.
  const total = vals.reduce((a, v) => a + v.power, 0n);
  const byzantine = new Set<number>();
  let byzantinePower = 0n;
  for (const i of vals.map((_, i) => i).sort(() => random() - 0.5)) {
    if (byzantine.size >= p.byzantine || 3n * (byzantinePower + vals[i]!.power) >= total) continue;
    byzantine.add(i);
    byzantinePower += vals[i]!.power;
  }
  const log = new Map<bigint, Logged[]>();
  const logged = new Set<NetMsg>();
  const decisions = new Map<bigint, Map<number, string>>();
  let conflictsReported = 0;
  let maxRound = 0;
  const nodes: SimNode[] = [];

  const deliver = (from: number, to: number, msg: NetMsg, delay: number) =>
    clock.at(delay, () => {
      const node = nodes[to]!;
      const hadParts = node.state.proposalBlockParts;
      node.receive(msg, from);
      // Data gossip: once a peer knows which block it wants, the parts it lacks are sent again.
      const parts = node.state.proposalBlockParts;
      if (parts !== undefined && parts !== hadParts && !parts.isComplete()) host.onValidBlock(node, parts.header());
    });
  const host: SimHost = {
    clock,
    random,
    invalidBlocks: p.invalidBlocks,
    peersOf: (i) => nodes.map((_, j) => j).filter((j) => j !== i),
    send(from, to, msg) {
      if (!logged.has(msg)) {
        logged.add(msg);
        const h = msgHeight(msg);
        log.set(h, [...(log.get(h) ?? []), { from, msg }]);
      }
      if (clock.time < p.gstMs && random() < p.dropProb) {
        // Lost; gossip offers it again later (and after GST nothing is lost).
        clock.at(random() * Math.max(p.maxDelayPreGst, 100), () => host.send(from, to, msg));
        return;
      }
      deliver(from, to, msg, clock.time < p.gstMs ? random() * p.maxDelayPreGst : random() * p.deltaMs);
    },
    onNewRound(node) {
      maxRound = Math.max(maxRound, node.state.round);
      const { height, round } = node.state;
      for (const { from, msg } of log.get(height) ?? []) {
        if (from === node.index) continue;
        const wanted =
          (msg.kind === 'proposal' && msg.proposal.round === round) ||
          msg.kind === 'blockPart' ||
          (msg.kind === 'vote' && (msg.vote.round === round || msg.vote.round === round + 1));
        if (wanted) host.send(from, node.index, msg);
      }
    },
    onValidBlock(node, psh: PartSetHeader) {
      // Peers answer NewValidBlock with the parts of that block (parts of other blocks are rejected by the part set).
      for (const { from, msg } of log.get(node.state.height) ?? []) {
        if (from !== node.index && msg.kind === 'blockPart' && msg.part.proof.total === BigInt(psh.total)) host.send(from, node.index, msg);
      }
    },
    onDecision(node, height, round, blockId) {
      claimCommit(node.index, height, round, blockId);
      if (node.byzantine) return;
      const key = Buffer.from(blockId.hash).toString('hex');
      const atHeight = decisions.get(height) ?? new Map<number, string>();
      for (const [other, h] of atHeight) {
        if (h !== key) throw new SafetyViolation(`height ${height}: node ${node.index} decided ${key}, node ${other} decided ${h}`);
      }
      atHeight.set(node.index, key);
      decisions.set(height, atHeight);
    },
    onConflict() {
      conflictsReported++;
    },
  };

  // The maj23 routine: a node that committed tells its peers, which then also count conflicting
  // precommits for that block (a byzantine validator may have sent them another vote first).
  const claimCommit = (from: number, height: bigint, round: number, blockId: BlockID) => {
    const claim: NetMsg = { kind: 'maj23', height, round, type: SignedMsgType.Precommit, blockId };
    const votes = (log.get(height) ?? [])
      .map(({ msg }) => msg)
      .filter((m) => m.kind === 'vote' && m.vote.type === SignedMsgType.Precommit && m.vote.round === round && blockIDEquals(m.vote.blockId, blockId));
    const batch: NetMsg = { kind: 'batch', height, msgs: [claim, ...votes] };
    for (const to of host.peersOf(from)) host.send(from, to, batch);
  };

  const config: CoreConfig = {
    timeouts: { ...DEFAULT_TIMEOUTS, propose: 1000, proposeDelta: 500, prevote: 500, prevoteDelta: 250, precommit: 500, precommitDelta: 250, commit: 200, ...p.timeouts },
    skipTimeoutCommit: false,
    createEmptyBlocks: true,
    createEmptyBlocksIntervalMs: 0,
    verify: defaultVerifier,
  };
  const executor = new TestExecutor(p.txs);
  vals.forEach((v, i) => nodes.push(new SimNode(i, v, byzantine.has(i), host, executor)));
  for (const node of nodes) node.start(config, genesis);

  const honest = nodes.filter((n) => !n.byzantine);
  const target = BigInt(p.heights);
  const live = clock.run(() => honest.every((n) => n.state.chain.lastBlockHeight >= target), p.stopAtMs ?? p.gstMs + (p.livenessBudgetMs ?? 120_000));
  if (process.env.SIM_DEBUG) {
    for (const n of nodes) {
      const st = n.state;
      console.log(`node ${n.index}${n.byzantine ? ' (byz)' : ''}${n.dead ? ' dead' : ''}: h=${st.height} r=${st.round} s=${st.step} cr=${st.commitRound} fin=${st.finalizing} parts=${st.proposalBlockParts?.count}/${st.proposalBlockParts?.total} pb=${st.proposalBlock !== undefined} locked=${st.lockedRound} valid=${st.validRound} verdicts=${[...st.verdicts.values()]}`);
    }
  }
  return { live, decisions, conflictsReported, rejected: nodes.reduce((a, n) => a + n.rejected, 0), timeMs: clock.time, maxRound, errors: nodes.flatMap((n) => n.errors.map((e) => `node ${n.index} ${e}`)) };
}
