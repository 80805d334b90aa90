import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { CometNode, NodeLogger, homePaths, initHome, loadConfigFile } from '../src/index';

it('the README library example runs', async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'cometts-readme-')), 'lib-node');
  await initHome({ home, chainId: 'demo' });
  const config = loadConfigFile(homePaths(home).configFile, {
    overrides: { 'p2p.laddr': 'tcp://127.0.0.1:0', 'rpc.laddr': 'tcp://127.0.0.1:0' },
  });
  const out = new Writable({ write: (_c, _e, done) => done() });
  const node = await CometNode.create({ home, config, logger: new NodeLogger({ level: 'info', format: 'json', out }) });
  await node.start();
  expect(node.nodeId).toMatch(/^[0-9a-f]{40}$/);
  expect(node.rpcAddresses[0]).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  expect(node.p2p.sw.nodeInfo.listenAddr).not.toMatch(/:0$/);
  await node.stop();
});
