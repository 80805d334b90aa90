/**
 * `cometts <command>`: dispatch, usage text, and turning typed errors into a
 * message on stderr and a non-zero exit code.
 */
import { CometError } from '@cometts/types';
import { initCommand } from './commands/init.js';
import { showNodeId, showValidator } from './commands/keys.js';
import { startCommand } from './commands/start.js';
import { testnetCommand } from './commands/testnet.js';
import { versionCommand } from './commands/version.js';
import type { CliIo } from './io.js';

export const USAGE = `cometts: a CometBFT-compatible node in TypeScript

Usage: cometts <command> [flags]

Commands:
  init            Initialize a home: config.toml, genesis, node and validator keys
                  [--home DIR] [--moniker NAME] [--chain-id ID]
  start           Run the node (alias: node)
                  [--home DIR] and config overrides with CometBFT's flag names:
                  --moniker --proxy_app --log_level --log_format --rpc.laddr
                  --p2p.laddr --p2p.external-address --p2p.seeds --p2p.persistent_peers
                  --p2p.unconditional_peer_ids --p2p.private_peer_ids --p2p.pex
                  --p2p.seed_mode … (any config key as --section.key)
  show-node-id    Print this node's ID                        [--home DIR]
  show-validator  Print this node's validator public key      [--home DIR]
  testnet         Create homes for a local network on 127.0.0.1
                  --v N (validators, default 4) --n N (non-validators, default 0)
                  --o DIR (default ./mytestnet) --starting-port P (default 26656)
                  --chain-id ID --node-dir-prefix node --initial-height H
                  --populate-persistent-peers=true --host 127.0.0.1
  version         Print the CometBFT version we are compatible with [--verbose]
  help            Show this text

The home is --home, else $CMTHOME, else ~/.cometts.`;

type Command = (argv: readonly string[], io: CliIo) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  start: startCommand,
  node: startCommand,
  run: startCommand,
  'show-node-id': showNodeId,
  'show-validator': showValidator,
  testnet: testnetCommand,
  version: versionCommand,
};

/** Runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof CometError) {
      io.err(`Error: ${err.message}`);
      return 1;
    }
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code !== undefined) {
      io.err(`Error: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}
