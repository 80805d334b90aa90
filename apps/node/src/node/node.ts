/**
 * A running cometts node: home files → consensus (stores, application,
 * handshake, WAL, signer, driver) → p2p stack (Switch with the consensus
 * and PEX reactors, address book) → JSON-RPC → Prometheus metrics, started
 * and stopped in CometBFT's order. Stop is graceful: RPC closed, peers
 * closed, consensus stopped and its databases closed, address book saved.
 */
import { formatIP, type PrivValidatorKey } from '@cometts/types';
import type { Config } from '../config/schema.js';
import { loadGenesisFile, type GenesisDoc } from '../home/genesis.js';
import { toHexUpper } from '../home/cmtjson.js';
import { genesisFromDoc } from '../consensus/genesis.js';
import { ConsensusStack } from '../consensus/stack.js';
import { chainRoutes } from '../rpc/routes/chain.js';
import { loadOrGenNodeKey, loadOrGenPrivValidator } from '../home/keys.js';
import { homePaths, type HomePaths } from '../home/paths.js';
import type { NodeLogger } from '../logging/logger.js';
import { NodeMetrics } from '../metrics/metrics.js';
import { startMetricsServer, type MetricsServer } from '../metrics/server.js';
import { parseListenAddress } from '../net/listen-address.js';
import { infoRoutes, type InfoSource, type PeerView } from '../rpc/routes/info.js';
import { startRpcServer, type RpcServer } from '../rpc/server.js';
import { ListenError } from '../errors.js';
import { buildP2pStack, type P2pStack } from './p2p.js';

export interface NodeOptions {
  home: string;
  config: Config;
  logger: NodeLogger;
}

export class CometNode {
  readonly paths: HomePaths;
  readonly genesis: GenesisDoc;
  readonly metrics: NodeMetrics | undefined;
  private rpc: RpcServer | undefined;
  private metricsServer: MetricsServer | undefined;
  private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  private stopPromise: Promise<void> | undefined;

  private constructor(
    readonly config: Config,
    private readonly logger: NodeLogger,
    paths: HomePaths,
    genesis: GenesisDoc,
    readonly privValidator: PrivValidatorKey,
    readonly p2p: P2pStack,
    readonly consensus: ConsensusStack,
    metrics: NodeMetrics | undefined,
  ) {
    this.paths = paths;
    this.genesis = genesis;
    this.metrics = metrics;
  }

  /** Loads the home (creating missing keys as CometBFT does) and builds every part, without starting. */
  static async create(options: NodeOptions): Promise<CometNode> {
    const { config, logger } = options;
    const paths = homePaths(options.home, config);
    if (config.priv_validator_laddr !== '') {
      throw new ListenError('priv_validator_laddr (a remote signer) is not supported by cometts; leave it empty');
    }
    const genesis = loadGenesisFile(paths.genesisFile);
    const privValidator = loadOrGenPrivValidator(paths.privValidatorKeyFile, paths.privValidatorStateFile);
    const nodeKey = await loadOrGenNodeKey(paths.nodeKeyFile);
    const metrics = config.instrumentation.prometheus ? new NodeMetrics(config.instrumentation.namespace) : undefined;
    const consensus = await ConsensusStack.open({
      config,
      paths,
      genesis: genesisFromDoc(genesis, paths.genesisFile),
      consensusLogger: logger.module('consensus'),
      stateLogger: logger.module('state'),
    });
    try {
      const p2p = await buildP2pStack({
        config,
        nodeKey,
        chainId: genesis.chain_id,
        appVersion: consensus.appVersion,
        addrBookFile: paths.addrBookFile,
        p2pLogger: logger.module('p2p'),
        pexLogger: logger.module('pex'),
        ...(metrics ? { metrics } : {}),
        reactors: (sw) => [['CONSENSUS', consensus.attach(sw)]],
      });
      return new CometNode(config, logger, paths, genesis, privValidator, p2p, consensus, metrics);
    } catch (err) {
      await consensus.stop();
      throw err;
    }
  }

  get nodeId(): string {
    return this.p2p.sw.nodeId;
  }

  /** Bound RPC addresses (tcp://host:port), once started. */
  get rpcAddresses(): string[] {
    return this.rpc?.addresses ?? [];
  }

  /** Our voting power for the next height (the genesis set until consensus has started). */
  private votingPower(): bigint {
    if (this.state === 'running') return this.consensus.chain.votingPower(this.privValidator.address);
    const ours = toHexUpper(this.privValidator.address);
    const entry = this.genesis.validators?.find((v) => v.address === ours);
    return entry ? BigInt(entry.power) : 0n;
  }

  private infoSource(): InfoSource {
    const sw = this.p2p.sw;
    return {
      nodeInfo: () => sw.nodeInfo,
      syncInfo: () => this.consensus.chain.syncInfo(),
      validatorInfo: () => ({
        address: this.privValidator.address,
        pubKey: this.privValidator.pubKey,
        votingPower: this.votingPower(),
      }),
      externalAddress: () => this.config.p2p.external_address,
      listening: () => sw.isRunning,
      peers: () =>
        [...sw.peers.values()].map(
          (peer): PeerView => ({
            nodeInfo: peer.nodeInfo,
            isOutbound: peer.isOutbound,
            status: peer.status(),
            remoteIp: formatIP(peer.remoteAddress.ip),
          }),
        ),
    };
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`node cannot start: it is ${this.state}`);
    this.state = 'running';
    const log = this.logger.module('main');
    const { config } = this;
    try {
      if (this.metrics) {
        const at = parseListenAddress(config.instrumentation.prometheus_listen_addr, 'instrumentation.prometheus_listen_addr');
        this.metricsServer = await startMetricsServer(this.metrics, at, config.instrumentation.max_open_connections);
        log.info('serving Prometheus metrics', { addr: `${at.host}:${this.metricsServer.port}` });
      }
      await this.p2p.addrBook.start();
      if (this.p2p.addrBook.loadProblem) {
        log.error('address book file was unusable and was moved aside', {
          err: this.p2p.addrBook.loadProblem.error.message,
          movedTo: this.p2p.addrBook.loadProblem.movedTo,
        });
      }
      // As CometBFT: the RPC server starts before the switch.
      if (config.rpc.laddr !== '') {
        const consensus = this.consensus;
        const routes = {
          ...infoRoutes(this.infoSource()),
          ...chainRoutes({
            blockStore: consensus.blockStore,
            loadValidators: (height) => consensus.stateStore.loadValidators(height),
            syncing: () => consensus.reactor?.syncing() ?? false,
          }),
        };
        this.rpc = await startRpcServer(routes, {
          laddr: config.rpc.laddr,
          maxOpenConnections: config.rpc.max_open_connections,
          maxBodyBytes: config.rpc.max_body_bytes,
          maxHeaderBytes: config.rpc.max_header_bytes,
          maxRequestBatchSize: config.rpc.max_request_batch_size,
          corsAllowedOrigins: config.rpc.cors_allowed_origins,
          corsAllowedMethods: config.rpc.cors_allowed_methods,
          corsAllowedHeaders: config.rpc.cors_allowed_headers,
          logger: this.logger.module('rpc-server'),
        });
        log.info('serving JSON-RPC', { addrs: this.rpc.addresses.join(',') });
      }
      await this.consensus.start();
      await this.p2p.sw.start();
      log.info('started node', {
        nodeId: this.nodeId,
        moniker: config.moniker,
        chainId: this.genesis.chain_id,
        listenAddr: this.p2p.sw.nodeInfo.listenAddr,
      });
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Graceful stop; safe to call more than once (later calls wait for the first). */
  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  private async doStop(): Promise<void> {
    this.state = 'stopping';
    const log = this.logger.module('main');
    log.info('stopping node');
    await this.rpc?.close();
    await this.p2p.sw.stop();
    await this.consensus.stop();
    await this.p2p.addrBook.stop();
    await this.metricsServer?.close();
    this.metrics?.close();
    this.state = 'stopped';
    log.info('node stopped', { addrBook: this.paths.addrBookFile });
  }
}
