/**
 * Crash injection: a fuse counts the operations a crash may follow (WAL
 * writes, fsyncs, signatures) and blows after the chosen one. Everything the
 * node could still do to its home after that point (WAL, signer, block
 * store, state) throws, as if the process had died right there.
 */
import type { Proposal, PublicKey, Vote } from '@cometts/types';
import type { BlockExecutor, BlockStore, PrivValidator } from '../../src/driver/ports.js';
import type { Wal } from '../../src/wal/wal.js';

export class SimulatedCrash extends Error {}

export class Fuse {
  blown = false;
  ops = 0;
  constructor(private readonly crashAfter: number) {}

  /** Counts one operation that has just completed; crashes if it was the chosen one. */
  tick(what: string): void {
    this.check();
    this.ops++;
    if (this.ops === this.crashAfter) {
      this.blown = true;
      throw new SimulatedCrash(`crash after op ${this.ops} (${what})`);
    }
  }

  check(): void {
    if (this.blown) throw new SimulatedCrash('the process is dead');
  }
}

export function fusedWal(wal: Wal, fuse: Fuse): Wal {
  return {
    write: (msg) => {
      fuse.check();
      wal.write(msg);
      fuse.tick(`write ${msg.case}`);
    },
    writeSync: async (msg) => {
      fuse.check();
      await wal.writeSync(msg);
      fuse.tick(`writeSync ${msg.case}`);
    },
    flushAndSync: async () => {
      fuse.check();
      await wal.flushAndSync();
      fuse.tick('flushAndSync');
    },
    recordsAfterEndHeight: (h) => {
      fuse.check();
      return wal.recordsAfterEndHeight(h);
    },
  };
}

export function fusedSigner(pv: PrivValidator, fuse: Fuse): PrivValidator {
  return {
    getPubKey: (): Promise<PublicKey> => pv.getPubKey(),
    signVote: async (chainId: string, vote: Vote, ext: boolean) => {
      fuse.check();
      const signed = await pv.signVote(chainId, vote, ext);
      fuse.tick('signVote');
      return signed;
    },
    signProposal: async (chainId: string, proposal: Proposal) => {
      fuse.check();
      const signed = await pv.signProposal(chainId, proposal);
      fuse.tick('signProposal');
      return signed;
    },
  };
}

export function fusedStore(store: BlockStore, fuse: Fuse): BlockStore {
  return {
    base: () => store.base(),
    height: () => store.height(),
    saveBlock: async (...args) => {
      fuse.check();
      return store.saveBlock(...args);
    },
    loadBlock: (h) => store.loadBlock(h),
    loadSeenCommit: (h) => store.loadSeenCommit(h),
    loadBlockCommit: (h) => store.loadBlockCommit(h),
    loadExtendedCommit: (h) => store.loadExtendedCommit(h),
  };
}

export function fusedExecutor(ex: BlockExecutor, fuse: Fuse): BlockExecutor {
  return {
    createProposalBlock: (...a) => ex.createProposalBlock(...a),
    validateBlock: (...a) => ex.validateBlock(...a),
    applyBlock: async (...a) => {
      fuse.check();
      return ex.applyBlock(...a);
    },
  };
}
