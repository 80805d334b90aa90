/**
 * KVStoreApplication: CometBFT v0.38's `kvstore` example application
 * (kvstore.md) on an abstract-level database. It computes the same app hash
 * (the tx count as a zig-zag varint) and the same results hash as Go's, so
 * it can run in a mixed network with Go nodes. Committed state — {size,
 * height}, the key/value pairs and the validators — survives a restart.
 */
import type { AbstractLevel } from 'abstract-level';
import type {
  ValidatorUpdate} from '@cometts/types';
import {
  BaseApplication,
  CheckTxResponse,
  ExecTxResult,
  InfoResponse,
  InitChainResponse,
  MisbehaviorType,
  ProcessProposalStatus,
  QueryResponse,
  pubKeyAddress,
  type CheckTxRequest,
  type CommitRequest,
  type CommitResponse,
  type Event,
  type FinalizeBlockRequest,
  type FinalizeBlockResponse,
  type InfoRequest,
  type InitChainRequest,
  type PrepareProposalRequest,
  type PrepareProposalResponse,
  type ProcessProposalRequest,
  type ProcessProposalResponse,
  type QueryRequest,
} from '@cometts/types';
import { appHashForSize } from './app-hash.js';
import { KVStoreCode, VALIDATOR_TX_PREFIX, isValidTx, isValidatorTx, normalizeTx, parseValidatorTx, splitKeyValue, storedKeyValue } from './tx.js';
import { KVStoreError } from './errors.js';
import { KVStoreDb } from './kvstore-db.js';

/** Go's version.ABCIVersion. */
export const ABCI_VERSION = '2.0.0';
/** The kvstore's app_version. */
export const KVSTORE_APP_VERSION = 1n;

export interface KVStoreOptions {
  /** Blocks to keep: Commit returns retain_height = height − retainBlocks + 1 once height ≥ retainBlocks (0 keeps all). */
  retainBlocks?: bigint;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyLevel = AbstractLevel<any, any, any>;

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

export class KVStoreApplication extends BaseApplication {
  private size = 0n;
  private height = 0n;
  private stagedTxs: Uint8Array[] = [];
  private valUpdates: ValidatorUpdate[] = [];
  /** Validator address (latin1) → public key, for punishing misbehaviour. */
  private readonly validatorsByAddress = new Map<string, ValidatorUpdate['pubKey']>();

  private constructor(
    private readonly db: KVStoreDb,
    private readonly options: KVStoreOptions,
  ) {
    super();
  }

  /** Opens the application on `db`, reloading committed size, height and validators. */
  static async open(db: AnyLevel, options: KVStoreOptions = {}): Promise<KVStoreApplication> {
    const app = new KVStoreApplication(new KVStoreDb(db), options);
    const state = await app.db.loadState();
    app.size = state.size;
    app.height = state.height;
    for (const v of await app.db.loadValidators()) app.validatorsByAddress.set(latin1(pubKeyAddress(v.pubKey)), v.pubKey);
    return app;
  }

  get appHash(): Uint8Array {
    return appHashForSize(this.size);
  }

  override async info(_req: InfoRequest) {
    return InfoResponse.create({
      data: `{"size":${this.size}}`,
      version: ABCI_VERSION,
      appVersion: KVSTORE_APP_VERSION,
      lastBlockHeight: this.height,
      lastBlockAppHash: this.appHash,
    });
  }

  override async initChain(req: InitChainRequest) {
    for (const v of req.validators) this.trackValidator(v);
    await this.db.writeValidators(req.validators);
    return InitChainResponse.create({ appHash: this.appHash });
  }

  override async checkTx(req: CheckTxRequest) {
    if (!isValidTx(req.tx)) return CheckTxResponse.create({ code: KVStoreCode.InvalidTxFormat });
    return CheckTxResponse.create({ code: KVStoreCode.OK, gasWanted: 1n });
  }

  /** Keeps the valid txs, each with its first `:` turned into `=`. */
  override async prepareProposal(req: PrepareProposalRequest): Promise<PrepareProposalResponse> {
    return { txs: req.txs.filter(isValidTx).map(normalizeTx) };
  }

  override async processProposal(req: ProcessProposalRequest): Promise<ProcessProposalResponse> {
    return { status: req.txs.every(isValidTx) ? ProcessProposalStatus.Accept : ProcessProposalStatus.Reject };
  }

  override async finalizeBlock(req: FinalizeBlockRequest): Promise<FinalizeBlockResponse> {
    this.valUpdates = [];
    this.stagedTxs = [];
    for (const m of req.misbehavior) {
      if (m.type !== MisbehaviorType.DuplicateVote) continue;
      const pubKey = this.validatorsByAddress.get(latin1(m.validator.address));
      if (pubKey === undefined) {
        throw new KVStoreError(`wanted to punish validator ${Buffer.from(m.validator.address).toString('hex').toUpperCase()} but can't find it`);
      }
      this.valUpdates.push({ pubKey, power: m.validator.power - 1n });
    }
    const txResults: ExecTxResult[] = [];
    for (const tx of req.txs) {
      if (isValidatorTx(tx)) {
        const parsed = parseValidatorTx(tx);
        if (parsed === undefined) throw new KVStoreError(`block ${req.height} holds a malformed validator tx`);
        this.valUpdates.push({ pubKey: parsed.pubKey, power: parsed.power });
      } else {
        this.stagedTxs.push(tx);
      }
      txResults.push(ExecTxResult.create({ code: KVStoreCode.OK, events: txEvents(tx) }));
      this.size++;
    }
    this.height = req.height;
    return { events: [], txResults, validatorUpdates: this.valUpdates, consensusParamUpdates: undefined, appHash: this.appHash };
  }

  /** Applies validator updates, writes the staged pairs and {size, height}, all in one batch. */
  override async commit(_req: CommitRequest): Promise<CommitResponse> {
    const pairs: { key: Uint8Array; value: Uint8Array }[] = [];
    for (const tx of this.stagedTxs) {
      const kv = storedKeyValue(tx);
      if (kv === undefined) throw new KVStoreError(`unexpected tx format: ${latin1(tx)}`);
      pairs.push(kv);
    }
    await this.db.commit(this.valUpdates, pairs, { size: this.size, height: this.height });
    for (const v of this.valUpdates) this.trackValidator(v);
    this.valUpdates = [];
    this.stagedTxs = [];
    const retain = this.options.retainBlocks ?? 0n;
    return { retainHeight: retain > 0n && this.height >= retain ? this.height - retain + 1n : 0n };
  }

  override async query(req: QueryRequest) {
    if (req.path === '/val') {
      const value = await this.db.get(Buffer.concat([Buffer.from(VALIDATOR_TX_PREFIX, 'latin1'), req.data]));
      return QueryResponse.create({ key: req.data, value: value ?? new Uint8Array(0) });
    }
    const value = await this.db.getPair(req.data);
    return QueryResponse.create({
      key: req.data,
      value: value ?? new Uint8Array(0),
      log: value === undefined ? 'does not exist' : 'exists',
      height: this.height,
      index: req.prove ? -1n : 0n,
    });
  }

  private trackValidator(v: ValidatorUpdate): void {
    const address = latin1(pubKeyAddress(v.pubKey));
    if (v.power === 0n) this.validatorsByAddress.delete(address);
    else this.validatorsByAddress.set(address, v.pubKey);
  }
}

/** The two "app" events Go's kvstore attaches to every tx (they never enter a hash). */
function txEvents(tx: Uint8Array): Event[] {
  const { key, value } = splitKeyValue(tx);
  const event = (creator: string, v: Uint8Array): Event => ({
    type: 'app',
    attributes: [
      { key: 'creator', value: creator, index: true },
      { key: 'key', value: Buffer.from(v).toString('utf8'), index: true },
      { key: 'index_key', value: 'index is working', index: true },
      { key: 'noindex_key', value: 'index is working', index: false },
    ],
  });
  return [event('Cosmoshi Netowoko', key), event('Cosmoshi', value)];
}
