/**
 * The node's consensus: block store and state store (`<db_dir>/blockstore.db`,
 * `state.db`), the application, the start-up handshake, the WAL, the file
 * private validator, the driver and — once the switch exists — the consensus
 * reactor. CometBFT's order: handshake before the switch, consensus started
 * by the switch (here: just before it).
 */
import { join } from 'node:path';
import {
  AbciBlockExecutor,
  ConsensusDriver,
  ConsensusReactor,
  ConsensusWal,
  FilePV,
  checkDoubleSigningRisk,
  handshake,
  type BlockAppliedEvent,
  type Genesis,
} from '@cometts/reactors-consensus';
import { BlockStore, StateStore, openDiskDb, openMemoryDb, type LevelDb } from '@cometts/store';
import type { SwitchHandle } from '@cometts/switch';
import type { Config } from '../config/schema.js';
import type { HomePaths } from '../home/paths.js';
import { rootify } from '../home/paths.js';
import type { Logger } from '../logging/logger.js';
import { openApplication } from './application.js';
import { ChainInfo } from './chain-info.js';

export interface ConsensusInputs {
  config: Config;
  paths: HomePaths;
  genesis: Genesis;
  consensusLogger: Logger;
  stateLogger: Logger;
  /** Called after each block is applied (events, metrics). */
  onBlockApplied?: (event: BlockAppliedEvent) => void;
}

async function openDb(config: Config, dataDir: string, name: string): Promise<LevelDb> {
  return config.db_backend === 'memdb' ? openMemoryDb() : openDiskDb(join(dataDir, `${name}.db`));
}

export class ConsensusStack {
  reactor: ConsensusReactor | undefined;
  private constructor(
    private readonly inputs: ConsensusInputs,
    readonly driver: ConsensusDriver,
    readonly blockStore: BlockStore,
    readonly stateStore: StateStore,
    readonly privValidator: FilePV,
    readonly chain: ChainInfo,
    /** The application's protocol version after the handshake (NodeInfo's protocol_version.app). */
    readonly appVersion: bigint,
    private readonly wal: ConsensusWal,
    private readonly dbs: LevelDb[],
  ) {}

  /** Opens stores and application, runs the handshake and builds the driver (nothing runs yet). */
  static async open(inputs: ConsensusInputs): Promise<ConsensusStack> {
    const { config, paths, genesis } = inputs;
    const dbs: LevelDb[] = [];
    try {
      const blockDb = await openDb(config, paths.dataDir, 'blockstore');
      dbs.push(blockDb);
      const stateDb = await openDb(config, paths.dataDir, 'state');
      dbs.push(stateDb);
      const { app, db: appDb } = await openApplication(config.proxy_app, paths.dataDir);
      if (appDb !== undefined) dbs.push(appDb);
      const blockStore = await BlockStore.open(blockDb);
      const stateStore = new StateStore(stateDb, { discardFinalizeBlockResponses: config.storage.discard_abci_responses });
      const logger = inputs.stateLogger;
      const { state, replayedBlocks } = await handshake({ app, stateStore, blockStore, genesis, logger });
      if (replayedBlocks > 0) logger.info('replayed blocks into the application', { blocks: replayedBlocks, height: String(state.lastBlockHeight) });
      const executor = new AbciBlockExecutor({
        app,
        stateStore,
        blockStore,
        logger,
        ...(inputs.onBlockApplied ? { onBlockApplied: inputs.onBlockApplied } : {}),
      });
      const privValidator = await FilePV.load(paths.privValidatorKeyFile, paths.privValidatorStateFile);
      const c = config.consensus;
      // Refuse to start if our key signed a recent block while we were down (another instance may be live).
      await checkDoubleSigningRisk(blockStore, privValidator.key.address, state.lastBlockHeight + 1n, BigInt(c.double_sign_check_height));
      const wal = await ConsensusWal.open(rootify(config.consensus.wal_file, paths.home));
      const driver = new ConsensusDriver({
        state,
        blockStore,
        executor,
        wal,
        privValidator,
        logger: inputs.consensusLogger,
        config: {
          timeouts: {
            propose: c.timeout_propose,
            proposeDelta: c.timeout_propose_delta,
            prevote: c.timeout_prevote,
            prevoteDelta: c.timeout_prevote_delta,
            precommit: c.timeout_precommit,
            precommitDelta: c.timeout_precommit_delta,
            commit: c.timeout_commit,
          },
          skipTimeoutCommit: c.skip_timeout_commit,
          createEmptyBlocks: c.create_empty_blocks,
          createEmptyBlocksIntervalMs: c.create_empty_blocks_interval,
        },
      });
      driver.on((e) => {
        if (e.type === 'conflictingVotes') {
          const { voteA: a } = e;
          inputs.consensusLogger.error('conflicting votes from one validator (double signing)', {
            validator: Buffer.from(a.validatorAddress).toString('hex').toUpperCase(),
            height: String(a.height),
            round: a.round,
            type: a.type,
          });
        }
        if (e.type !== 'halted') return;
        const err = e.error as Error;
        const cause = err.cause instanceof Error ? err.cause.message : String(err.cause ?? '');
        inputs.consensusLogger.error('CONSENSUS FAILURE: consensus stopped', { err: err.message, cause });
      });
      const chain = await ChainInfo.load(blockStore, driver);
      return new ConsensusStack(inputs, driver, blockStore, stateStore, privValidator, chain, state.version.consensus.app, wal, dbs);
    } catch (err) {
      await Promise.allSettled(dbs.map((db) => db.close()));
      throw err;
    }
  }

  /** The consensus reactor for `sw` (register it before the switch starts). */
  attach(sw: SwitchHandle): ConsensusReactor {
    const c = this.inputs.config.consensus;
    this.reactor = new ConsensusReactor({
      switch: sw,
      engine: this.driver,
      blockStore: this.blockStore,
      initialHeight: this.inputs.genesis.initialHeight,
      logger: this.inputs.consensusLogger,
      config: { peerGossipSleepMs: c.peer_gossip_sleep_duration, peerQueryMaj23SleepMs: c.peer_query_maj23_sleep_duration },
    });
    this.chain.follow(this.reactor, () => sw.peers.values());
    return this.reactor;
  }

  /** Starts consensus (WAL replay, then the first step). */
  start(): Promise<void> {
    return this.driver.start();
  }

  /** Stops consensus and closes WAL and databases (call after the switch stopped). */
  async stop(): Promise<void> {
    await this.driver.stop();
    this.chain.close();
    await this.wal.close();
    await Promise.allSettled(this.dbs.map((db) => db.close()));
  }
}
