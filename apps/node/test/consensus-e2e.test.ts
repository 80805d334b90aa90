/**
 * End to end through the CLI: `testnet --v 4`, four `cometts start`
 * processes commit the same chain; a validator killed with SIGKILL mid-run
 * and restarted catches up and keeps voting without ever signing two
 * different votes for one height/round/step.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortBlock } from '../src/net/free-ports';
import { cli, ensureBuilt, killAll, rpc, startNode, waitFor, type RunningNode } from './helpers/cli';

interface Status {
  sync_info: { latest_block_height: string; latest_block_hash: string; catching_up: boolean };
  validator_info: { address: string; voting_power: string };
}
interface BlockResult {
  block_id: { hash: string };
  block: { header: { height: string; app_hash: string } };
}
interface CommitResult {
  signed_header: { commit: { signatures: { validator_address: string; block_id_flag: number }[] } };
  canonical: boolean;
}

const dirs: string[] = [];
beforeAll(() => ensureBuilt());
afterAll(() => {
  killAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const height = async (port: number) => BigInt((await rpc<Status>(port, 'status')).sync_info.latest_block_height);

describe('a 4-validator network through the CLI', () => {
  it('commits the same blocks on every node; a SIGKILLed validator restarts and rejoins without double signing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cometts-consensus-e2e-'));
    dirs.push(dir);
    const out = join(dir, 'net');
    const base = await findFreePortBlock(30000 + Math.floor(Math.random() * 20000), 40);
    expect(cli(['testnet', '--v', '4', '--o', out, '--starting-port', String(base)]).status).toBe(0);
    const nodes = [0, 1, 2, 3].map((i) => ({ home: join(out, `node${i}`), rpcPort: base + 10 * i + 1 }));
    const flags = ['--consensus.timeout_commit', '200ms'];
    const running: RunningNode[] = nodes.map((n) => startNode(['--home', n.home, ...flags]));

    await waitFor('every node at height 5', async () => ((await Promise.all(nodes.map((n) => height(n.rpcPort)))).every((h) => h >= 5n) ? true : undefined), 60_000);
    const statuses = await Promise.all(nodes.map((n) => rpc<Status>(n.rpcPort, 'status')));
    expect(statuses.every((s) => BigInt(s.validator_info.voting_power) > 0n)).toBe(true);
    const blocks = await Promise.all(nodes.map((n) => rpc<BlockResult>(n.rpcPort, 'block?height=4')));
    expect(new Set(blocks.map((b) => b.block_id.hash)).size).toBe(1);
    expect(blocks[0]!.block.header.height).toBe('4');

    // SIGKILL node3 in the middle of a height, let the others go on, restart it.
    running[3]!.child.kill('SIGKILL');
    await running[3]!.exited;
    const stateFile = join(nodes[3]!.home, 'data', 'priv_validator_state.json');
    const signedBefore = BigInt((JSON.parse(readFileSync(stateFile, 'utf8')) as { height: string }).height);
    const others = nodes.slice(0, 3);
    const resumeAt = (await height(others[0]!.rpcPort)) + 3n;
    await waitFor('the three others to go on', async () => ((await Promise.all(others.map((n) => height(n.rpcPort)))).every((h) => h >= resumeAt) ? true : undefined), 60_000);
    running[3] = startNode(['--home', nodes[3]!.home, ...flags]);
    const target = (await height(others[0]!.rpcPort)) + 3n;
    await waitFor('node3 to catch up', async () => ((await height(nodes[3]!.rpcPort)) >= target ? true : undefined), 60_000);

    // Same chain everywhere, and node3 signs commits again after its restart.
    const check = await Promise.all(nodes.map((n) => rpc<BlockResult>(n.rpcPort, `block?height=${target}`)));
    expect(new Set(check.map((b) => b.block_id.hash)).size).toBe(1);
    const address = statuses[3]!.validator_info.address;
    await waitFor('a commit with node3 signing after the restart', async () => {
      const latest = await height(others[0]!.rpcPort);
      const commit = await rpc<CommitResult>(others[0]!.rpcPort, `commit?height=${latest - 1n}`);
      return commit.signed_header.commit.signatures.some((s) => s.validator_address === address && s.block_id_flag === 2) ? true : undefined;
    }, 30_000);
    const signedAfter = BigInt((JSON.parse(readFileSync(stateFile, 'utf8')) as { height: string }).height);
    expect(signedAfter).toBeGreaterThan(signedBefore);

    for (const r of running) r.child.kill('SIGTERM');
    const exits = await Promise.all(running.map((r) => r.exited));
    expect(exits.every((e) => e.code === 0)).toBe(true);
    // No node ever saw two different votes from one validator for the same height/round/step.
    for (const r of running) expect(r.output()).not.toContain('double signing');
    expect(running[3]!.output()).not.toContain('CONSENSUS FAILURE');
  }, 180_000);
});
