/** consensus.double_sign_check_height through the composed node. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SignatureFoundInPastBlocksError } from '@cometts/reactors-consensus';
import { initHome } from '../src/home/init';
import { CometNode } from '../src/node/node';
import { waitFor } from './helpers/cli';
import { createTestNode } from './helpers/in-process-node';

const dir = mkdtempSync(join(tmpdir(), 'cometts-double-sign-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function create(home: string, checkHeight: number): Promise<CometNode> {
  const overrides = { 'p2p.pex': false, 'consensus.timeout_commit': '20ms', 'consensus.double_sign_check_height': checkHeight };
  return (await createTestNode(home, overrides)).node;
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
