/**
 * A test chain: validators with keys, a kvstore application, memory-level
 * stores and an AbciBlockExecutor; `commit(txs)` proposes, validates, signs
 * (every validator precommits), stores and applies the next block.
 */
import { MemoryLevel } from 'memory-level';
import {
  BlockIDFlag,
  Block,
  Ed25519PrivateKey,
  PartSet,
  SignedMsgType,
  addNanos,
  defaultConsensusParams,
  headerHash,
  voteSignBytes,
  type BlockID,
  type ConsensusParams,
  type ExtendedCommit,
  type Timestamp,
} from '@cometts/types';
import { KVStoreApplication } from '@cometts/kvstore';
import { BlockStore, StateStore, openMemoryDb } from '@cometts/store';
import { AbciBlockExecutor, InMemoryTxSource, handshake, type Genesis, type State } from '../../src/index.js';

export const CHAIN_ID = 'exec-chain';
export const GENESIS_TIME: Timestamp = { seconds: 1_700_000_000n, nanos: 0 };

export const keyOf = (n: number) => Ed25519PrivateKey.fromSeed(new Uint8Array(32).fill(n));

export function makeGenesis(validatorSeeds: number[], params: ConsensusParams = defaultConsensusParams(), initialHeight = 1n): Genesis {
  return {
    genesisTime: GENESIS_TIME,
    chainId: CHAIN_ID,
    initialHeight,
    consensusParams: params,
    validators: validatorSeeds.map((n) => ({ pubKey: { case: 'ed25519', value: keyOf(n).publicKey }, power: 10n })),
    appHash: new Uint8Array(0),
    appState: new Uint8Array(0),
  };
}

export const emptyExtendedCommit = (): ExtendedCommit => ({
  height: 0n,
  round: 0,
  blockId: { hash: new Uint8Array(0), partSetHeader: { total: 0, hash: new Uint8Array(0) } },
  extendedSignatures: [],
});

export interface Committed {
  block: Block;
  blockId: BlockID;
  parts: PartSet;
}

/** Every validator of `state` precommits `blockId` at `height`, timestamps `after` + 1 s + i ms. */
export function signCommit(state: State, height: bigint, blockId: BlockID, after: Timestamp, keys: Map<string, Ed25519PrivateKey>): ExtendedCommit {
  return {
    height,
    round: 0,
    blockId,
    extendedSignatures: state.validators.validators.map((v, i) => {
      const key = keys.get(v.addressHex);
      if (key === undefined) throw new Error(`no key for validator ${v.addressHex}`);
      const timestamp = addNanos(after, 1_000_000_000n + BigInt(i) * 1_000_000n);
      const bytes = voteSignBytes(CHAIN_ID, { type: SignedMsgType.Precommit, height, round: 0, blockId, timestamp });
      return {
        blockIdFlag: BlockIDFlag.Commit,
        validatorAddress: v.address,
        timestamp,
        signature: key.sign(bytes),
        extension: new Uint8Array(0),
        extensionSignature: new Uint8Array(0),
      };
    }),
  };
}

export class TestChain {
  readonly keys = new Map<string, Ed25519PrivateKey>();
  readonly txs = new InMemoryTxSource();
  lastCommit: ExtendedCommit = emptyExtendedCommit();
  executor!: AbciBlockExecutor;

  private constructor(
    readonly genesis: Genesis,
    public app: KVStoreApplication,
    readonly appDb: MemoryLevel,
    readonly stateStore: StateStore,
    readonly blockStore: BlockStore,
    public state: State,
  ) {
    this.executor = new AbciBlockExecutor({ app, stateStore, blockStore, txSource: this.txs });
  }

  static async start(seeds = [1, 2, 3, 4], params?: ConsensusParams): Promise<TestChain> {
    const genesis = makeGenesis(seeds, params);
    const appDb = new MemoryLevel();
    const app = await KVStoreApplication.open(appDb);
    const stateStore = new StateStore(await openMemoryDb());
    const blockStore = await BlockStore.open(await openMemoryDb());
    const { state } = await handshake({ app, stateStore, blockStore, genesis });
    const chain = new TestChain(genesis, app, appDb, stateStore, blockStore, state);
    for (let n = 1; n <= 20; n++) chain.addKey(n);
    return chain;
  }

  addKey(n: number): Ed25519PrivateKey {
    const key = keyOf(n);
    this.keys.set(Buffer.from(key.address).toString('hex').toUpperCase(), key);
    return key;
  }

  get nextHeight(): bigint {
    return this.state.lastBlockHeight === 0n ? this.state.initialHeight : this.state.lastBlockHeight + 1n;
  }

  proposer(): Uint8Array {
    return this.state.validators.getProposer().address;
  }

  async propose(): Promise<Block> {
    return this.executor.createProposalBlock(this.state, this.nextHeight, this.lastCommit, this.proposer());
  }

  /** Splits, signs and stores `block`; returns what applyBlock needs. */
  async decide(block: Block): Promise<Committed> {
    const parts = PartSet.fromData(Block.encode(block));
    const blockId = { hash: headerHash(block.header)!, partSetHeader: parts.header() };
    const ext = signCommit(this.state, block.header.height, blockId, block.header.time, this.keys);
    const seen = { height: ext.height, round: ext.round, blockId, signatures: ext.extendedSignatures.map(({ extension: _e, extensionSignature: _s, ...s }) => s) };
    await this.blockStore.saveBlock(block, parts, seen);
    this.lastCommit = ext;
    return { block, blockId, parts };
  }

  /** Proposes, validates, decides and applies the next block with `txs` in the mempool. */
  async commit(txs: string[] = []): Promise<Committed> {
    for (const tx of txs) this.txs.add(Buffer.from(tx, 'latin1'));
    const block = await this.propose();
    const verdict = await this.executor.validateBlock(this.state, block);
    if (!verdict.valid) throw new Error(`own block invalid: ${verdict.reason}`);
    const decided = await this.decide(block);
    this.state = await this.executor.applyBlock(this.state, decided.blockId, block);
    return decided;
  }
}
