/** Building a CometNode in-process for tests: free loopback ports, a silent logger, config overrides. */
import { Writable } from 'node:stream';
import { loadConfigText } from '../../src/config/load';
import { NodeLogger } from '../../src/logging/logger';
import { freePort } from '../../src/net/free-ports';
import { CometNode } from '../../src/node/node';

const quiet = new Writable({ write: (_c, _e, done) => done() });

export interface CreatedNode {
  node: CometNode;
  p2pPort: number;
  rpcPort: number;
}

/** A node on `home` listening on fresh 127.0.0.1 ports; `overrides` are config keys as on the command line. */
export async function createTestNode(home: string, overrides: Record<string, unknown>): Promise<CreatedNode> {
  const [p2pPort, rpcPort] = [await freePort(), await freePort()];
  const config = loadConfigText('', 'test', {
    overrides: {
      'p2p.laddr': `tcp://127.0.0.1:${p2pPort}`,
      'rpc.laddr': `tcp://127.0.0.1:${rpcPort}`,
      ...overrides,
    },
  });
  const node = await CometNode.create({ home, config, logger: new NodeLogger({ level: 'error', format: 'json', out: quiet }) });
  return { node, p2pPort, rpcPort };
}
