/**
 * An in-memory PrivValidator with the file signer's double-sign rules
 * (consensus-algorithm.md §12). Its `state` object plays the role of
 * priv_validator_state.json: tests keep it across simulated crashes.
 */
import {
  SignedMsgType,
  bytesEqual,
  isNonNilPrecommit,
  proposalSignBytes,
  voteExtensionSignBytes,
  voteSignBytes,
  type Ed25519PrivateKey,
  type Proposal,
  type PublicKey,
  type Timestamp,
  type Vote,
} from '@cometts/types';
import type { PrivValidator } from '../../src/driver/ports.js';

export interface LastSignState {
  height: bigint;
  round: number;
  step: number;
  signature: Uint8Array;
  signBytes: Uint8Array;
  timestamp: Timestamp | undefined;
}

export class DoubleSignError extends Error {}

export const freshSignState = (): LastSignState => ({
  height: 0n,
  round: 0,
  step: 0,
  signature: new Uint8Array(0),
  signBytes: new Uint8Array(0),
  timestamp: undefined,
});

export class MemorySigner implements PrivValidator {
  refusals = 0;

  constructor(
    private readonly key: Ed25519PrivateKey,
    readonly state: LastSignState = freshSignState(),
    /** Every fresh signature produced (not re-used ones), for double-sign audits. */
    readonly signed: { height: bigint; round: number; step: number; signBytes: Uint8Array }[] = [],
  ) {}

  async getPubKey(): Promise<PublicKey> {
    return { case: 'ed25519', value: this.key.publicKey };
  }

  async signVote(chainId: string, vote: Vote, signExtension: boolean): Promise<Vote> {
    return this.signVoteSync(chainId, vote, signExtension);
  }

  async signProposal(chainId: string, proposal: Proposal): Promise<Proposal> {
    return this.signProposalSync(chainId, proposal);
  }

  signVoteSync(chainId: string, vote: Vote, signExtension: boolean): Vote {
    const step = vote.type === SignedMsgType.Prevote ? 2 : 3;
    const bytes = (t: Timestamp) => voteSignBytes(chainId, { ...vote, timestamp: t });
    const { signature, timestamp } = this.sign(vote.height, vote.round, step, vote.timestamp, bytes);
    const out: Vote = { ...vote, timestamp, signature };
    if (signExtension && isNonNilPrecommit(vote)) out.extensionSignature = this.key.sign(voteExtensionSignBytes(chainId, vote));
    return out;
  }

  signProposalSync(chainId: string, proposal: Proposal): Proposal {
    const bytes = (t: Timestamp) => proposalSignBytes(chainId, { ...proposal, timestamp: t });
    const { signature, timestamp } = this.sign(proposal.height, proposal.round, 1, proposal.timestamp, bytes);
    return { ...proposal, timestamp, signature };
  }

  private sign(
    height: bigint,
    round: number,
    step: number,
    time: Timestamp,
    signBytes: (t: Timestamp) => Uint8Array,
  ): { signature: Uint8Array; timestamp: Timestamp } {
    const last = this.state;
    const refuse = (why: string): never => {
      this.refusals++;
      throw new DoubleSignError(`${why} at ${height}/${round}/${step}`);
    };
    if (last.height > height) refuse('height regression');
    if (last.height === height) {
      if (last.round > round) refuse('round regression');
      if (last.round === round && last.step > step) refuse('step regression');
      if (last.round === round && last.step === step) {
        if (last.signBytes.length === 0) refuse('no sign bytes stored for the same step');
        if (bytesEqual(signBytes(time), last.signBytes)) return { signature: last.signature, timestamp: time };
        if (last.timestamp !== undefined && bytesEqual(signBytes(last.timestamp), last.signBytes)) {
          return { signature: last.signature, timestamp: last.timestamp };
        }
        refuse('conflicting data');
      }
    }
    const bytes = signBytes(time);
    const signature = this.key.sign(bytes);
    Object.assign(this.state, { height, round, step, signature, signBytes: bytes, timestamp: time });
    this.signed.push({ height, round, step, signBytes: bytes });
    return { signature, timestamp: time };
  }
}
