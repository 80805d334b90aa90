/**
 * End to end through the built CLI: real `cometts` processes on 127.0.0.1.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasVectors, vectorPath } from '../../../testing/vectors';
import { findFreePortBlock, freePort } from '../src/net/free-ports';
import { cli, cliAsync, ensureBuilt, killAll, peerIds, rpc, startNode, waitFor } from './helpers/cli';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cometts-e2e-'));

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => killAll());

interface AddrBookFile {
  key: string;
  addrs: { addr: { id: string; ip: string; port: number } }[];
}

describe('cometts CLI basics', () => {
  it('version, help and an unknown command', async () => {
    const [version, verbose, help, unknown, badFlag] = await Promise.all([
      cliAsync(['version']),
      cliAsync(['version', '--verbose']),
      cliAsync(['help']),
      cliAsync(['frobnicate']),
      cliAsync(['init', '--nope']),
    ]);
    expect(version.stdout.trim()).toBe('0.38.25');
    expect(JSON.parse(verbose.stdout)).toMatchObject({ cometbft: '0.38.25', p2p_protocol: 8, block_protocol: 11 });
    expect(help.stdout).toContain('testnet');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('unknown command');
    expect(badFlag.status).not.toBe(0);
    expect(badFlag.stderr).toContain('--nope');
  });

  it.skipIf(!hasVectors)('show-node-id and show-validator on a home made by CometBFT', () => {
    const home = join(tempDir(), 'home');
    cpSync(vectorPath('home-v0.38.25'), home, { recursive: true });
    expect(cli(['show-node-id', '--home', home]).stdout.trim()).toBe(readFileSync(join(home, 'node-id.txt'), 'utf8').trim());
    const key = JSON.parse(readFileSync(join(home, 'config', 'priv_validator_key.json'), 'utf8'));
    expect(JSON.parse(cli(['show-validator'], { CMTHOME: home }).stdout)).toEqual(key.pub_key);
  });

  it('bad config values: exit code ≠ 0 and a message naming the key', async () => {
    const template = join(tempDir(), 'template');
    expect(cli(['init', '--home', template]).status).toBe(0);
    const text = readFileSync(join(template, 'config', 'config.toml'), 'utf8');
    /** A copy of the home whose config.toml is `config`. */
    const homeWith = (config: string) => {
      const home = join(tempDir(), 'home');
      cpSync(template, home, { recursive: true });
      writeFileSync(join(home, 'config', 'config.toml'), config);
      return home;
    };
    const [badInt, badDuration, badFlag, badLevel, unknownKey] = await Promise.all([
      cliAsync(['start', '--home', homeWith(text.replace('max_num_inbound_peers = 40', 'max_num_inbound_peers = "many"'))]),
      cliAsync(['start', '--home', homeWith(text.replace('timeout_commit = "1s"', 'timeout_commit = "soon"'))]),
      cliAsync(['start', '--home', homeWith(text), '--p2p.pex=maybe']),
      cliAsync(['start', '--home', homeWith(text), '--log_level', 'p2p:loud']),
      cliAsync(['show-node-id', '--home', homeWith(`surprise = 1\n${text}`)]),
    ]);
    expect(badInt.status).not.toBe(0);
    expect(badInt.stderr).toContain('p2p.max_num_inbound_peers');
    expect(badInt.stderr).toContain('expected an integer');
    expect(badDuration.status).not.toBe(0);
    expect(badDuration.stderr).toContain('consensus.timeout_commit');
    expect(badFlag.status).not.toBe(0);
    expect(badFlag.stderr).toContain('p2p.pex');
    expect(badLevel.status).not.toBe(0);
    expect(badLevel.stderr).toContain('log_level');
    expect(unknownKey.status).toBe(0);
    expect(unknownKey.stderr).toContain('unknown key "surprise"');
  });
});

describe('running nodes', () => {
  it('init + start twice with persistent peers: both see each other; SIGTERM saves the address book', async () => {
    const dir = tempDir();
    const [homeA, homeB] = [join(dir, 'a'), join(dir, 'b')];
    const [initA, initB] = await Promise.all([
      cliAsync(['init', '--home', homeA, '--moniker', 'alice', '--chain-id', 'e2e-chain']),
      cliAsync(['init', '--home', homeB, '--moniker', 'bob', '--chain-id', 'e2e-chain']),
    ]);
    const [idA, idB] = [initA.stdout.trim(), initB.stdout.trim()];
    // Same chain: B uses A's genesis.
    cpSync(join(homeA, 'config', 'genesis.json'), join(homeB, 'config', 'genesis.json'));
    const [p2pA, rpcA, p2pB, rpcB, metricsA] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);

    const a = startNode([
      '--home', homeA,
      '--p2p.laddr', `tcp://127.0.0.1:${p2pA}`,
      '--rpc.laddr', `tcp://127.0.0.1:${rpcA}`,
      '--instrumentation.prometheus',
      '--instrumentation.prometheus_listen_addr', `127.0.0.1:${metricsA}`,
    ]);
    const b = startNode([
      '--home', homeB,
      '--p2p.laddr', `tcp://127.0.0.1:${p2pB}`,
      '--rpc.laddr', `tcp://127.0.0.1:${rpcB}`,
      '--p2p.persistent_peers', `${idA}@127.0.0.1:${p2pA}`,
      // Loopback addresses are kept in the book only when not strict (as in CometBFT).
      '--p2p.addr_book_strict=false',
    ]);

    await waitFor('A and B to see each other', async () => {
      const [seenByA, seenByB] = await Promise.all([peerIds(rpcA), peerIds(rpcB)]);
      return seenByA.includes(idB) && seenByB.includes(idA) ? true : undefined;
    });
    const status = await rpc<{ node_info: { id: string; moniker: string; network: string }; sync_info: { latest_block_height: string } }>(rpcA, 'status');
    expect(status.node_info).toMatchObject({ id: idA, moniker: 'alice', network: 'e2e-chain' });
    // A is the chain's only validator and commits blocks; B (not a validator) follows it by consensus gossip.
    await waitFor('B to follow A to height 2', async () => {
      const s = await rpc<{ sync_info: { latest_block_height: string } }>(rpcB, 'status');
      return Number(s.sync_info.latest_block_height) >= 2 ? true : undefined;
    });
    const netInfoB = await rpc<{ n_peers: string; peers: { is_outbound: boolean; node_info: { moniker: string } }[] }>(rpcB, 'net_info');
    expect(netInfoB.n_peers).toBe('1');
    expect(netInfoB.peers[0]).toMatchObject({ is_outbound: true, node_info: { moniker: 'alice' } });

    const metrics = await (await fetch(`http://127.0.0.1:${metricsA}/metrics`)).text();
    expect(metrics).toMatch(/cometbft_p2p_peers\{direction="total"\} 1/);
    expect(metrics).toContain('cometbft_node_event_loop_delay_seconds');

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(await b.exited).toEqual({ code: 0, signal: null });
    const bookB = JSON.parse(readFileSync(join(homeB, 'config', 'addrbook.json'), 'utf8')) as AddrBookFile;
    expect(bookB.key).toMatch(/^[0-9a-f]{24}$/);
    expect(bookB.addrs.map((e) => e.addr)).toContainEqual({ id: idA, ip: '127.0.0.1', port: p2pA });
    expect(existsSync(join(homeA, 'config', 'addrbook.json'))).toBe(true);
    JSON.parse(readFileSync(join(homeA, 'config', 'addrbook.json'), 'utf8'));
  }, 90_000);

  it('testnet --v 4, then start all: a full mesh', async () => {
    const out = join(tempDir(), 'net');
    const base = await findFreePortBlock(30000 + Math.floor(Math.random() * 20000), 40);
    const made = cli(['testnet', '--v', '4', '--o', out, '--starting-port', String(base)]);
    expect(made.status).toBe(0);
    // testnet prints "<name> <node id> p2p=… rpc=… home=…" per node.
    const nodes = [0, 1, 2, 3].map((i) => {
      const line = made.stdout.split('\n').find((l) => l.startsWith(`node${i} `))!;
      return { home: join(out, `node${i}`), rpcPort: base + 10 * i + 1, id: line.split(' ')[1]! };
    });
    expect(nodes.map((n) => n.id).every((id) => /^[0-9a-f]{40}$/.test(id))).toBe(true);
    const running = nodes.map((n) => startNode(['--home', n.home]));
    const allIds = nodes.map((n) => n.id).sort();
    await waitFor('a full mesh of 4 nodes', async () => {
      const seen = await Promise.all(nodes.map((n) => peerIds(n.rpcPort)));
      return seen.every((ids, i) => ids.join() === allIds.filter((id) => id !== nodes[i]!.id).join()) ? true : undefined;
    });
    for (const r of running) r.child.kill('SIGTERM');
    const exits = await Promise.all(running.map((r) => r.exited));
    expect(exits.every((e) => e.code === 0)).toBe(true);
  }, 90_000);
});
