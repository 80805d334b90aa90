/**
 * `testnet --v N --o DIR [--starting-port P] [--chain-id ID] …`: N homes on
 * 127.0.0.1 with one genesis, distinct ports and persistent peers wired.
 */
import { createTestnet } from '../../home/testnet.js';
import { UsageError } from '../../errors.js';
import { booleanFlag, integerFlag, parseArgs, stringFlag } from '../args.js';
import type { CliIo } from '../io.js';

export async function testnetCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    flags: {
      v: 'integer',
      n: 'integer',
      o: 'string',
      'starting-port': 'integer',
      'p2p-port': 'integer',
      'chain-id': 'string',
      'node-dir-prefix': 'string',
      'initial-height': 'integer',
      'populate-persistent-peers': 'boolean',
      host: 'string',
      home: 'string',
    },
  });
  const validators = integerFlag(args, 'v', 4);
  const nonValidators = integerFlag(args, 'n', 0);
  if (validators < 0 || nonValidators < 0 || validators + nonValidators < 1) {
    throw new UsageError('--v and --n must be ≥ 0 and make at least one node');
  }
  const startingPort = integerFlag(args, 'starting-port', integerFlag(args, 'p2p-port', 26656));
  if (startingPort < 1 || startingPort > 65535) throw new UsageError('--starting-port must be 1..65535');
  const result = await createTestnet({
    validators,
    nonValidators,
    outputDir: stringFlag(args, 'o') ?? './mytestnet',
    startingPort,
    host: stringFlag(args, 'host') ?? '127.0.0.1',
    chainId: stringFlag(args, 'chain-id'),
    nodeDirPrefix: stringFlag(args, 'node-dir-prefix'),
    initialHeight: BigInt(integerFlag(args, 'initial-height', 0)),
    populatePersistentPeers: booleanFlag(args, 'populate-persistent-peers', true),
  });
  io.out(`Successfully initialized ${result.nodes.length} node directories (chain ${result.chainId})`);
  for (const n of result.nodes) {
    io.out(`${n.name} ${n.nodeId} p2p=${n.p2pPort} rpc=${n.rpcPort} home=${n.home}`);
  }
  return 0;
}
