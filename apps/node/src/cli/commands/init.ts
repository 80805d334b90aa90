/** `init [--home DIR] [--moniker NAME] [--chain-id ID]`. */
import { initHome } from '../../home/init.js';
import { resolveHome } from '../../home/paths.js';
import { parseArgs, stringFlag } from '../args.js';
import type { CliIo } from '../io.js';

export async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: { home: 'string', moniker: 'string', 'chain-id': 'string', key: 'string' } });
  const keyType = stringFlag(args, 'key') ?? 'ed25519';
  if (keyType !== 'ed25519') {
    io.err(`unsupported --key type ${JSON.stringify(keyType)}: only ed25519 is supported`);
    return 1;
  }
  const result = await initHome({
    home: resolveHome(stringFlag(args, 'home'), io.env),
    moniker: stringFlag(args, 'moniker'),
    chainId: stringFlag(args, 'chain-id'),
    warn: io.err,
  });
  for (const file of result.created) io.err(`Generated ${file}`);
  if (result.created.length === 0) io.err(`Found existing home ${result.paths.home}`);
  io.out(result.nodeId);
  return 0;
}
