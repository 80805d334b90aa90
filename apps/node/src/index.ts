/**
 * @cometts/node: the reference cometts node — CometBFT's home files and
 * config.toml, the node composition (switch, address book, PEX), JSON-RPC,
 * Prometheus metrics, logging, and the `cometts` CLI.
 */
export * from './errors.js';
export * from './version.js';

export { ConfigSchema, type Config, type ConfigInput } from './config/schema.js';
export {
  defaultConfig,
  loadConfigFile,
  loadConfigText,
  validateConfig,
  applyOverrides,
  unknownKeys,
  type LoadConfigOptions,
} from './config/load.js';
export { renderConfigToml } from './config/template/index.js';
export { parseGoDuration, parseGoDurationNs, formatGoDuration, formatGoDurationNs } from './config/duration.js';

export { resolveHome, rootify, homePaths, DEFAULT_HOME_DIR, type HomePaths } from './home/paths.js';
export { initHome, ensureHomeDirs, writeConfigFile, type InitOptions, type InitResult } from './home/init.js';
export { createTestnet, PORTS_PER_NODE, type TestnetOptions, type TestnetNode, type TestnetResult } from './home/testnet.js';
export {
  loadGenesisFile,
  validateAndCompleteGenesis,
  newGenesis,
  serializeGenesis,
  writeGenesisFile,
  consensusParamsFromJson,
  consensusParamsToJson,
  type GenesisDoc,
  type GenesisValidator,
  type ConsensusParamsJson,
} from './home/genesis.js';
export { loadNodeKey, loadOrGenNodeKey, loadPrivValidatorKey, loadOrGenPrivValidator } from './home/keys.js';

export { NodeLogger, type NodeLoggerOptions, type Logger, type LogFields } from './logging/logger.js';
export { parseLogLevel, levelFor, type ModuleLevels, type LogLevelName } from './logging/levels.js';
export { formatLogLine } from './logging/pretty.js';

export { NodeMetrics, type PeerCounts } from './metrics/metrics.js';
export { startMetricsServer, type MetricsServer } from './metrics/server.js';

export { startRpcServer, type RpcServer, type RpcServerOptions } from './rpc/server.js';
export type { RpcRoute, RouteTable } from './rpc/dispatch.js';
export type { ParamSpec, ParamKind, RouteArgs } from './rpc/params.js';
export * from './rpc/json-rpc.js';
export { nodeInfoJson, connectionStatusJson, type NodeInfoJson } from './rpc/format.js';
export {
  infoRoutes,
  initialSyncInfo,
  statusJson,
  netInfoJson,
  type InfoSource,
  type SyncInfo,
  type ValidatorInfo,
  type PeerView,
} from './rpc/routes/info.js';

export { chainRoutes, type ChainSource } from './rpc/routes/chain.js';
export { blockJson, blockIdJson, blockMetaJson, commitJson, headerJson, validatorJson, voteJson, evidenceJson } from './rpc/block-json.js';

export { ConsensusStack, type ConsensusInputs } from './consensus/stack.js';
export { ChainInfo } from './consensus/chain-info.js';
export { genesisFromDoc } from './consensus/genesis.js';
export { openApplication, BUILT_IN_APPS, type OpenedApp } from './consensus/application.js';

export { CometNode, type NodeOptions } from './node/node.js';
export { buildP2pStack, type P2pStack, type P2pInputs } from './node/p2p.js';

export { runCli, USAGE } from './cli/main.js';
export type { CliIo } from './cli/io.js';
