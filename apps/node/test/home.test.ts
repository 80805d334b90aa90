import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasVectors, vectorPath } from '../../../testing/vectors';
import { loadConfigFile } from '../src/config/load';
import { GenesisError, HomeFileError } from '../src/errors';
import { loadGenesisFile, serializeGenesis, validateAndCompleteGenesis, type GenesisDoc } from '../src/home/genesis';
import { initHome } from '../src/home/init';
import { loadNodeKey, loadPrivValidatorKey, loadOrGenPrivValidator } from '../src/home/keys';
import { homePaths } from '../src/home/paths';
import { createTestnet } from '../src/home/testnet';
import { toHexUpper } from '../src/home/cmtjson';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cometts-home-'));
const mode = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(!hasVectors)('a home written by CometBFT v0.38.25 init', () => {
  function copyVectorHome(): string {
    const home = join(tempDir(), 'home');
    cpSync(vectorPath('home-v0.38.25'), home, { recursive: true });
    return home;
  }

  it('loads: same node ID, validator key and genesis', () => {
    const home = copyVectorHome();
    const config = loadConfigFile(join(home, 'config', 'config.toml'));
    const paths = homePaths(home, config);
    const expectedId = readFileSync(join(home, 'node-id.txt'), 'utf8').trim();
    expect(loadNodeKey(paths.nodeKeyFile).nodeId).toBe(expectedId);
    const pv = loadPrivValidatorKey(paths.privValidatorKeyFile);
    const genesis = loadGenesisFile(paths.genesisFile);
    expect(genesis.chain_id).toBe('test-chain-cGut1S');
    expect(genesis.initial_height).toBe('1');
    expect(genesis.validators![0]!.address).toBe(toHexUpper(pv.address));
    expect(genesis.genesis_time).toBe('2026-11-22T04:24:44.902007829Z');
  });

  it('init on it changes nothing', async () => {
    const home = copyVectorHome();
    const before = ['config/genesis.json', 'config/node_key.json', 'config/priv_validator_key.json', 'config/config.toml'].map(
      (f) => readFileSync(join(home, f), 'utf8'),
    );
    const result = await initHome({ home });
    expect(result.created).toEqual([]);
    expect(result.nodeId).toBe(readFileSync(join(home, 'node-id.txt'), 'utf8').trim());
    const after = ['config/genesis.json', 'config/node_key.json', 'config/priv_validator_key.json', 'config/config.toml'].map(
      (f) => readFileSync(join(home, f), 'utf8'),
    );
    expect(after).toEqual(before);
  });

  it('our genesis writer produces CometBFT\'s bytes', () => {
    const text = readFileSync(vectorPath('home-v0.38.25/config/genesis.json'), 'utf8');
    const raw = JSON.parse(text) as GenesisDoc;
    expect(serializeGenesis(raw)).toBe(text);
  });
});

describe('init', () => {
  it('creates the CometBFT layout with the right modes, and is idempotent', async () => {
    const home = join(tempDir(), 'h');
    const result = await initHome({ home, moniker: 'alice', chainId: 'my-chain' });
    const p = result.paths;
    for (const f of [p.configFile, p.genesisFile, p.nodeKeyFile, p.privValidatorKeyFile, p.privValidatorStateFile]) {
      expect(existsSync(f)).toBe(true);
    }
    expect(mode(p.nodeKeyFile)).toBe(0o600);
    expect(mode(p.privValidatorKeyFile)).toBe(0o600);
    expect(mode(p.privValidatorStateFile)).toBe(0o600);
    expect(mode(home) & 0o077).toBe(0);
    expect(readFileSync(p.privValidatorStateFile, 'utf8')).toBe('{\n  "height": "0",\n  "round": 0,\n  "step": 0\n}');
    expect(loadConfigFile(p.configFile).moniker).toBe('alice');
    const genesis = loadGenesisFile(p.genesisFile);
    expect(genesis.chain_id).toBe('my-chain');
    expect(genesis.validators).toHaveLength(1);
    expect(genesis.validators![0]!.power).toBe('10');
    expect(JSON.parse(readFileSync(p.genesisFile, 'utf8')).initial_height).toBe('0');
    expect(loadNodeKey(p.nodeKeyFile).nodeId).toBe(result.nodeId);
    const again = await initHome({ home });
    expect(again.created).toEqual([]);
    expect(again.nodeId).toBe(result.nodeId);
  });

  it('a random chain ID looks like CometBFT\'s', async () => {
    const result = await initHome({ home: join(tempDir(), 'h') });
    expect(loadGenesisFile(result.paths.genesisFile).chain_id).toMatch(/^test-chain-[A-Za-z0-9]{6}$/);
  });

  it('refuses a validator key without its state file', () => {
    const dir = tempDir();
    loadOrGenPrivValidator(join(dir, 'k.json'), join(dir, 's.json'));
    expect(() => loadOrGenPrivValidator(join(dir, 'k.json'), join(dir, 'missing.json'))).toThrow(HomeFileError);
  });

  it('a corrupt node key is a HomeFileError naming the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'node_key.json'), '{"priv_key":{"type":"tendermint/PrivKeyEd25519","value":"AAAA"}}');
    expect(() => loadNodeKey(join(dir, 'node_key.json'))).toThrow(/node_key\.json/);
  });
});

describe('genesis validation', () => {
  const base = () => ({
    genesis_time: '2024-05-01T10:00:00Z',
    chain_id: 'c',
    initial_height: '5',
    validators: [
      { address: '', pub_key: { type: 'tendermint/PubKeyEd25519', value: Buffer.alloc(32, 1).toString('base64') }, power: '3', name: 'v' },
    ],
    app_hash: '',
  });

  it('completes: address filled, default params, initial height kept', () => {
    const g = validateAndCompleteGenesis(base());
    expect(g.validators![0]!.address).toMatch(/^[0-9A-F]{40}$/);
    expect(g.consensus_params!.block!.max_bytes).toBe('22020096');
    expect(g.initial_height).toBe('5');
  });

  it('zero time becomes now; initial height 0 becomes 1', () => {
    const now = new Date('2025-01-02T03:04:05.678Z');
    const g = validateAndCompleteGenesis({ ...base(), genesis_time: '0001-01-01T00:00:00Z', initial_height: '0' }, 'g', now);
    expect(g.genesis_time).toBe('2025-01-02T03:04:05.678Z');
    expect(g.initial_height).toBe('1');
  });

  it('rejects what CometBFT rejects', () => {
    const bad = (mutate: (g: ReturnType<typeof base>) => unknown, pattern: RegExp) =>
      expect(() => validateAndCompleteGenesis(mutate(base()))).toThrow(pattern);
    bad((g) => ({ ...g, chain_id: '' }), /chain_id/);
    bad((g) => ({ ...g, chain_id: 'x'.repeat(51) }), /chain_id/);
    bad((g) => ({ ...g, initial_height: 5 }), /initial_height/);
    bad((g) => ({ ...g, initial_height: '-1' }), /initial_height/);
    bad((g) => ({ ...g, genesis_time: '2024-05-01T10:00:00+01:00' }), /genesis_time/);
    bad((g) => ({ ...g, validators: [{ ...g.validators[0]!, power: '0' }] }), /no voting power/);
    bad((g) => ({ ...g, validators: [{ ...g.validators[0]!, address: 'AA'.repeat(20) }] }), /incorrect address/);
    bad((g) => ({ ...g, consensus_params: { block: { max_bytes: '0', max_gas: '-1' } } }), /consensus_params/);
    expect(() => validateAndCompleteGenesis(base())).not.toThrow();
    expect(() => validateAndCompleteGenesis({ ...base(), chain_id: '' })).toThrow(GenesisError);
  });
});

describe('testnet', () => {
  it('writes N homes with one genesis, distinct ports and all persistent peers', async () => {
    const out = tempDir();
    const result = await createTestnet({ validators: 3, nonValidators: 1, outputDir: out, startingPort: 40000, chainId: 'tn' });
    expect(result.nodes.map((n) => n.name)).toEqual(['node0', 'node1', 'node2', 'node3']);
    const genesisTexts = result.nodes.map((n) => readFileSync(join(n.home, 'config', 'genesis.json'), 'utf8'));
    expect(new Set(genesisTexts).size).toBe(1);
    const genesis = loadGenesisFile(join(result.nodes[0]!.home, 'config', 'genesis.json'));
    expect(genesis.validators!.map((v) => [v.name, v.power])).toEqual([
      ['node0', '1'],
      ['node1', '1'],
      ['node2', '1'],
    ]);
    const ports = new Set<number>();
    for (const node of result.nodes) {
      const config = loadConfigFile(join(node.home, 'config', 'config.toml'));
      expect(config.moniker).toBe(node.name);
      expect(config.p2p.addr_book_strict).toBe(false);
      expect(config.p2p.allow_duplicate_ip).toBe(true);
      expect(config.p2p.persistent_peers.split(',')).toEqual(result.nodes.map((n) => `${n.nodeId}@127.0.0.1:${n.p2pPort}`));
      expect(loadNodeKey(join(node.home, 'config', 'node_key.json')).nodeId).toBe(node.nodeId);
      for (const port of [node.p2pPort, node.rpcPort, node.prometheusPort]) ports.add(port);
      expect(config.rpc.laddr).toBe(`tcp://127.0.0.1:${node.rpcPort}`);
    }
    expect(ports.size).toBe(12);
  });
});
