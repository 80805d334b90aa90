/**
 * FilePV: the file-backed private validator (consensus-algorithm.md §12).
 * The Ed25519 key lives in config/priv_validator_key.json and the last sign
 * state in data/priv_validator_state.json, both in CometBFT's formats. A
 * signature leaves only after the new state is durably on disk, and a
 * request that could double sign is refused.
 */
import { readFile, rename } from 'node:fs/promises';
import {
  Ed25519PrivateKey,
  SignedMsgType,
  bytesEqual,
  isNonNilPrecommit,
  parsePrivValidatorKeyJson,
  proposalSignBytes,
  serializePrivValidatorKeyJson,
  voteExtensionSignBytes,
  voteSignBytes,
  type Proposal,
  type PublicKey,
  type Timestamp,
  type Vote,
  writeFileAtomic,
} from '@cometts/types';
import type { PrivValidator } from '../driver/ports.js';
import { DoubleSignRiskError, InvalidSignRequestError, PrivValidatorFileError } from './errors.js';
import { checkHRS, proposalTimestampIfOnlyDiffering, voteTimestampIfOnlyDiffering } from './sign-rules.js';
import { SignStep, initialSignState, parseSignState, serializeSignState, type LastSignState } from './sign-state.js';

/** The file operations FilePV performs (tests inject a failing rename to simulate a crash). */
export interface AtomicFileOps {
  rename(from: string, to: string): Promise<void>;
}

const nodeFileOps: AtomicFileOps = { rename };

export interface FilePVOptions {
  /** File operations (tests inject a failing rename to simulate a crash). */
  fileOps?: AtomicFileOps;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new PrivValidatorFileError(file, `cannot read: ${(err as Error).message}`, { cause: err });
  }
}

function voteStep(type: number): number {
  if (type === SignedMsgType.Prevote) return SignStep.Prevote;
  if (type === SignedMsgType.Precommit) return SignStep.Precommit;
  throw new InvalidSignRequestError(`unknown vote type ${type}`);
}

export class FilePV implements PrivValidator {
  private last: LastSignState;
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly key: Ed25519PrivateKey,
    readonly stateFile: string,
    state: LastSignState,
    private readonly ops: AtomicFileOps,
  ) {
    this.last = state;
  }

  /** Loads both files; a missing or malformed state file is an error (the node must not start). */
  static async load(keyFile: string, stateFile: string, options: FilePVOptions = {}): Promise<FilePV> {
    let key: Ed25519PrivateKey;
    try {
      key = parsePrivValidatorKeyJson(await readText(keyFile)).privateKey;
    } catch (err) {
      if (err instanceof PrivValidatorFileError) throw err;
      throw new PrivValidatorFileError(keyFile, (err as Error).message, { cause: err });
    }
    const state = parseSignState(await readText(stateFile), stateFile);
    return new FilePV(key, stateFile, state, options.fileOps ?? nodeFileOps);
  }

  /** Writes a new key (or `key`) and a fresh state file, both mode 0600 and atomically. */
  static async generate(keyFile: string, stateFile: string, key = Ed25519PrivateKey.generate(), options: FilePVOptions = {}): Promise<FilePV> {
    const ops = options.fileOps ?? nodeFileOps;
    await writeFileAtomic(keyFile, serializePrivValidatorKeyJson(key), { mode: 0o600, rename: (from, to) => ops.rename(from, to) });
    await writeFileAtomic(stateFile, serializeSignState(initialSignState()), { mode: 0o600, rename: (from, to) => ops.rename(from, to) });
    return new FilePV(key, stateFile, initialSignState(), ops);
  }

  get address(): Uint8Array {
    return this.key.address;
  }

  get pubKey(): PublicKey {
    return { case: 'ed25519', value: this.key.publicKey };
  }

  /** A copy of the last sign state. */
  get lastSignState(): LastSignState {
    return { ...this.last };
  }

  async getPubKey(): Promise<PublicKey> {
    return this.pubKey;
  }

  signVote(chainId: string, vote: Vote, signExtension: boolean): Promise<Vote> {
    return this.serial(() => this.doSignVote(chainId, vote, signExtension));
  }

  signProposal(chainId: string, proposal: Proposal): Promise<Proposal> {
    return this.serial(() => this.doSignProposal(chainId, proposal));
  }

  /** "Unsafe reset": forget what was signed (height 0). Only for a chain being restarted from scratch. */
  resetSignState(): Promise<void> {
    return this.serial(async () => {
      await writeFileAtomic(this.stateFile, serializeSignState(initialSignState()), { mode: 0o600, rename: (from, to) => this.ops.rename(from, to) });
      this.last = initialSignState();
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async doSignVote(chainId: string, vote: Vote, signExtension: boolean): Promise<Vote> {
    const step = voteStep(vote.type);
    const sameHRS = checkHRS(this.last, vote.height, vote.round, step);
    const out: Vote = { ...vote };
    if (signExtension) {
      // Extensions are not deterministic, so they are signed afresh every time (even for a repeat).
      if (isNonNilPrecommit(vote)) out.extensionSignature = this.key.sign(voteExtensionSignBytes(chainId, vote));
      else if (vote.extension.length > 0) throw new InvalidSignRequestError('vote extensions are only allowed in non-nil precommits');
      else out.extensionSignature = new Uint8Array(0);
    }
    const signBytes = voteSignBytes(chainId, vote);
    if (sameHRS) {
      const reused = this.reuse(signBytes, voteTimestampIfOnlyDiffering);
      if (reused.timestamp !== undefined) out.timestamp = reused.timestamp;
      out.signature = reused.signature;
      return out;
    }
    out.signature = await this.signAndPersist(vote.height, vote.round, step, signBytes);
    return out;
  }

  private async doSignProposal(chainId: string, proposal: Proposal): Promise<Proposal> {
    const step = SignStep.Proposal;
    const sameHRS = checkHRS(this.last, proposal.height, proposal.round, step);
    const signBytes = proposalSignBytes(chainId, proposal);
    const out: Proposal = { ...proposal };
    if (sameHRS) {
      const reused = this.reuse(signBytes, proposalTimestampIfOnlyDiffering);
      if (reused.timestamp !== undefined) out.timestamp = reused.timestamp;
      out.signature = reused.signature;
      return out;
    }
    out.signature = await this.signAndPersist(proposal.height, proposal.round, step, signBytes);
    return out;
  }

  /** The stored signature for a repeat of the last request (and its timestamp if only that differs). */
  private reuse(
    signBytes: Uint8Array,
    onlyTimestamp: (last: Uint8Array, now: Uint8Array) => Timestamp | undefined,
  ): { signature: Uint8Array; timestamp?: Timestamp } {
    if (bytesEqual(signBytes, this.last.signBytes)) return { signature: this.last.signature };
    const timestamp = onlyTimestamp(this.last.signBytes, signBytes);
    if (timestamp === undefined) {
      throw new DoubleSignRiskError('CONFLICTING_DATA', `conflicting data at height ${this.last.height} round ${this.last.round} step ${this.last.step}`);
    }
    return { signature: this.last.signature, timestamp };
  }

  /** Signs, then makes the new state durable; only then does the signature leave. */
  private async signAndPersist(height: bigint, round: number, step: number, signBytes: Uint8Array): Promise<Uint8Array> {
    const signature = this.key.sign(signBytes);
    const next: LastSignState = { height, round, step, signature, signBytes };
    await writeFileAtomic(this.stateFile, serializeSignState(next), { mode: 0o600, rename: (from, to) => this.ops.rename(from, to) });
    this.last = next;
    return signature;
  }
}
