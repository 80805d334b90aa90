/** consensus.double_sign_check_height through the composed node. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { SignatureFoundInPastBlocksError } from '@cometts/reactors-consensus';
import { loadConfigText } from '../src/config/load';
import { initHome } from '../src/home/init';
import { NodeLogger } from '../src/logging/logger';
import { freePort } from '../src/net/free-ports';
import { CometNode } from '../src/node/node';
import { waitFor } from './helpers/cli';

const quiet = new Writable({ write: (_c, _e, done) => done() });
const dir = mkdtempSync(join(tmpdir(), 'cometts-double-sign-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function create(home: string, checkHeight: number): Promise<CometNode> {
  const [p2pPort, rpcPort] = [await freePort(), await freePort()];
  const config = loadConfigText('', 'test', {
    overrides: {
      'p2p.laddr': `tcp://127.0.0.1:${p2pPort}`,
      'rpc.laddr': `tcp://127.0.0.1:${rpcPort}`,
      'p2p.pex': false,
      'consensus.timeout_commit': '20ms',
      'consensus.double_sign_check_height': checkHeight,
    },
  });
  return CometNode.create({ home, config, logger: new NodeLogger({ level: 'error', format: 'json', out: quiet }) });
}

it('a validator whose key signed recent blocks refuses to start while the check is on', async () => {
  const home = join(dir, 'home');
  await initHome({ home, chainId: 'double-sign-check' });
  const first = await create(home, 0);
  await first.start();
  await waitFor('height 3', async () => (first.consensus.blockStore.height() >= 3n ? true : undefined), 30_000);
  await first.stop();

  // Our own signatures are in the last seen commits: with the check on, start is refused.
  await expect(create(home, 5)).rejects.toBeInstanceOf(SignatureFoundInPastBlocksError);
  // With the check off (CometBFT's default) the same home starts and keeps committing.
  const again = await create(home, 0);
  await again.start();
  const height = again.consensus.blockStore.height();
  await waitFor('one more block', async () => (again.consensus.blockStore.height() > height ? true : undefined), 30_000);
  await again.stop();
}, 60_000);
