/** `version [--verbose]`: the CometBFT version we are compatible with (what cosmjs and peers see). */
import { ABCI_SEMVER, BLOCK_PROTOCOL, COMETBFT_VERSION, COMETTS_VERSION, P2P_PROTOCOL } from '../../version.js';
import { booleanFlag, parseArgs } from '../args.js';
import type { CliIo } from '../io.js';

export function versionCommand(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, { flags: { verbose: 'boolean' } });
  if (booleanFlag(args, 'verbose', false)) {
    io.out(
      JSON.stringify({
        cometbft: COMETBFT_VERSION,
        cometts: COMETTS_VERSION,
        abci: ABCI_SEMVER,
        block_protocol: BLOCK_PROTOCOL,
        p2p_protocol: P2P_PROTOCOL,
      }),
    );
  } else {
    io.out(COMETBFT_VERSION);
  }
  return 0;
}
