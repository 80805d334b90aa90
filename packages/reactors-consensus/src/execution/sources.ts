/**
 * Where proposals get their transactions and evidence. No mempool or
 * evidence pool exists yet, so these are small interfaces with an in-memory
 * tx source and an evidence source that has none (and cannot verify any).
 */
import { EvidenceList, type Evidence, type ExecTxResult } from '@cometts/types';
import type { State } from '../driver/ports.js';

/** protoSize(Data{txs: [tx]}): tag, uvarint length, bytes. */
export function txProtoSize(tx: Uint8Array): number {
  let n = tx.length;
  let len = 1;
  while (n >= 0x80) {
    n >>>= 7;
    len++;
  }
  return 1 + len + tx.length;
}

/** The mempool as block execution uses it. */
export interface TxSource {
  /**
   * Txs in order while the running sum of txProtoSize stays ≤ maxBytes (−1:
   * no limit) and the summed gas_wanted ≤ maxGas (−1: no limit); stops at
   * the first tx that does not fit (ReapMaxBytesMaxGas).
   */
  reapMaxBytesMaxGas(maxBytes: bigint, maxGas: bigint): Uint8Array[];
  /** After Commit: drop the block's txs (`results[i]` is tx i's result). */
  update(height: bigint, txs: readonly Uint8Array[], results: readonly ExecTxResult[]): void | Promise<void>;
}

/** A FIFO of txs with their gas_wanted (what CheckTx answered). */
export class InMemoryTxSource implements TxSource {
  private readonly txs = new Map<string, { tx: Uint8Array; gasWanted: bigint }>();

  add(tx: Uint8Array, gasWanted = 1n): boolean {
    const key = Buffer.from(tx).toString('latin1');
    if (this.txs.has(key)) return false;
    this.txs.set(key, { tx, gasWanted });
    return true;
  }

  get size(): number {
    return this.txs.size;
  }

  reapMaxBytesMaxGas(maxBytes: bigint, maxGas: bigint): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0n;
    let gas = 0n;
    for (const { tx, gasWanted } of this.txs.values()) {
      const size = BigInt(txProtoSize(tx));
      if (maxBytes > -1n && bytes + size > maxBytes) break;
      if (maxGas > -1n && gas + gasWanted > maxGas) break;
      bytes += size;
      gas += gasWanted;
      out.push(tx);
    }
    return out;
  }

  update(_height: bigint, txs: readonly Uint8Array[]): void {
    for (const tx of txs) this.txs.delete(Buffer.from(tx).toString('latin1'));
  }
}

/** The evidence pool as block execution uses it. */
export interface EvidenceSource {
  /** Pending evidence whose EvidenceList proto size stays ≤ maxBytes, and that size. */
  pendingEvidence(maxBytes: bigint): { evidence: Evidence[]; size: bigint };
  /** Undefined when every item is valid and new for `state`; otherwise why not. */
  checkEvidence(state: State, evidence: readonly Evidence[]): Promise<string | undefined>;
  /** After a block is committed: its evidence is now committed. */
  update(state: State, committed: readonly Evidence[]): void;
}

/**
 * No evidence pool: nothing to propose, and evidence in a block cannot be
 * verified, so a block carrying any is refused (accepting unverifiable
 * evidence would let a proposer punish honest validators).
 */
export const noEvidence: EvidenceSource = {
  pendingEvidence: () => ({ evidence: [], size: 0n }),
  checkEvidence: async (_state, evidence) => (evidence.length === 0 ? undefined : 'evidence cannot be verified without an evidence pool'),
  update: () => undefined,
};

export function evidenceListSize(evidence: readonly Evidence[]): bigint {
  return BigInt(EvidenceList.encode({ evidence: [...evidence] }).length);
}
