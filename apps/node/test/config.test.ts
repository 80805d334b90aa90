import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { hasVectors, vectorPath } from '../../../testing/vectors';
import {
  defaultConfig,
  loadConfigFile,
  loadConfigText,
  parseTomlText,
  unknownKeys,
} from '../src/config/load';
import { renderConfigToml } from '../src/config/template/index';
import { ConfigSyntaxError, ConfigValidationError } from '../src/errors';

function expectInvalid(text: string, key: string): ConfigValidationError {
  try {
    loadConfigText(text, 'config.toml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigValidationError);
    const e = err as ConfigValidationError;
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.problems.map((p) => p.key)).toContain(key);
    expect(e.message).toContain(key);
    return e;
  }
  throw new Error(`expected ${key} to be rejected`);
}

describe('config defaults', () => {
  it('equal CometBFT v0.38 defaults', () => {
    const c = defaultConfig();
    // The one intended difference: applications run in process, the kvstore by default.
    expect(c.proxy_app).toBe('kvstore');
    expect(c.log_level).toBe('info');
    expect(c.rpc.laddr).toBe('tcp://127.0.0.1:26657');
    expect(c.rpc.cors_allowed_methods).toEqual(['HEAD', 'GET', 'POST']);
    expect(c.p2p.laddr).toBe('tcp://0.0.0.0:26656');
    expect(c.p2p.max_num_inbound_peers).toBe(40);
    expect(c.p2p.max_num_outbound_peers).toBe(10);
    expect(c.p2p.flush_throttle_timeout).toBe(100);
    expect(c.p2p.send_rate).toBe(5120000);
    expect(c.p2p.pex).toBe(true);
    expect(c.p2p.addr_book_strict).toBe(true);
    expect(c.statesync.trust_period).toBe(168 * 3600 * 1000);
    expect(c.statesync.chunk_fetchers).toBe(4);
    expect(c.consensus.timeout_propose).toBe(3000);
    expect(c.instrumentation.prometheus_listen_addr).toBe(':26660');
    expect(c.instrumentation.namespace).toBe('cometbft');
    expect(c.moniker.length).toBeGreaterThan(0);
  });

  it('render → parse round-trips to the same config', () => {
    const c = defaultConfig();
    const again = loadConfigText(renderConfigToml(c), 'x');
    expect(again).toEqual(c);
  });

  it('round-trips non-default values', () => {
    const c = defaultConfig();
    c.moniker = 'a "quoted" name';
    c.p2p.persistent_peers = `${'ab'.repeat(20)}@127.0.0.1:26656`;
    c.p2p.flush_throttle_timeout = 1.5;
    c.rpc.cors_allowed_origins = ['*'];
    c.consensus.timeout_commit = 3_723_500;
    const again = loadConfigText(renderConfigToml(c), 'x');
    expect(again).toEqual(c);
  });
});

describe.skipIf(!hasVectors)('config.toml written by CometBFT v0.38.25', () => {
  const text = hasVectors ? readFileSync(vectorPath('home-v0.38.25/config/config.toml'), 'utf8') : '';

  it('loads without warnings', () => {
    const warnings: string[] = [];
    const c = loadConfigText(text, 'config.toml', { warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(c.moniker).toBe('vm');
    expect(c.version).toBe('0.38.25');
  });

  it('our template writes exactly the same keys and values', () => {
    const theirs = parseToml(text);
    const c = loadConfigText(text, 'config.toml');
    const ours = parseToml(renderConfigToml(c));
    expect(ours).toEqual(theirs);
  });
});

describe('config validation', () => {
  it('names the key and the expected form of a bad value', () => {
    const e = expectInvalid('[p2p]\nmax_num_inbound_peers = "lots"\n', 'p2p.max_num_inbound_peers');
    expect(e.message).toMatch(/expected an integer/);
    expect(e.message).toContain('"lots"');
  });

  it('rejects negative counts, bad durations, bad enums, bad addresses', () => {
    expectInvalid('[p2p]\nsend_rate = -1\n', 'p2p.send_rate');
    expect(expectInvalid('[consensus]\ntimeout_commit = "soon"\n', 'consensus.timeout_commit').message).toMatch(
      /Go duration/,
    );
    expectInvalid('[consensus]\ntimeout_commit = "-1s"\n', 'consensus.timeout_commit');
    expect(expectInvalid('log_format = "xml"\n', 'log_format').message).toMatch(/"plain", "json"/);
    expectInvalid('[p2p]\nladdr = "nowhere"\n', 'p2p.laddr');
    expectInvalid('[p2p]\npersistent_peers = "abc@1.2.3.4:5"\n', 'p2p.persistent_peers');
    expectInvalid('[p2p]\npex = "yes"\n', 'p2p.pex');
    expectInvalid('[blocksync]\nversion = "v1"\n', 'blocksync.version');
    expectInvalid('moniker = ""\n', 'moniker');
    expectInvalid('[rpc]\nexperimental_subscription_buffer_size = 50\n', 'rpc.experimental_subscription_buffer_size');
    expectInvalid('[rpc]\nexperimental_websocket_write_buffer_size = 150\n', 'rpc.experimental_websocket_write_buffer_size');
    expectInvalid('[mempool]\ntype = "nop"\n[consensus]\ncreate_empty_blocks = false\n', 'consensus.create_empty_blocks');
    expectInvalid('[statesync]\nenable = true\n', 'statesync.rpc_servers');
  });

  it('reports every bad key at once', () => {
    const e = expectInvalid('[p2p]\nsend_rate = -1\nrecv_rate = "x"\n', 'p2p.send_rate');
    expect(e.problems.map((p) => p.key)).toEqual(['p2p.send_rate', 'p2p.recv_rate']);
  });

  it('warns about unknown keys and keeps going', () => {
    const warnings: string[] = [];
    const c = loadConfigText('bogus = 1\n[p2p]\nfoo = true\n[nosuch]\nx = 1\n', 'config.toml', {
      warn: (w) => warnings.push(w),
    });
    expect(c.p2p.pex).toBe(true);
    expect(warnings.join('\n')).toMatch(/"bogus"/);
    expect(warnings.join('\n')).toMatch(/"p2p\.foo"/);
    expect(unknownKeys(parseTomlText('[nosuch]\nx = 1\n'))).toEqual(['nosuch']);
  });

  it('a TOML syntax error is a ConfigSyntaxError', () => {
    expect(() => loadConfigText('this is = = not toml', 'config.toml')).toThrow(ConfigSyntaxError);
  });

  it('overrides are validated and named like the key', () => {
    const c = loadConfigText('', 'x', { overrides: { 'p2p.laddr': 'tcp://127.0.0.1:1234', moniker: 'm' } });
    expect(c.p2p.laddr).toBe('tcp://127.0.0.1:1234');
    expect(c.moniker).toBe('m');
    expect(() => loadConfigText('', 'x', { overrides: { 'p2p.max_num_inbound_peers': 'x' } })).toThrow(
      /p2p\.max_num_inbound_peers/,
    );
  });

  it('accepts chunk_fetchers quoted (as written) or bare, and a missing file means defaults', () => {
    expect(loadConfigText('[statesync]\nchunk_fetchers = "8"\n', 'x').statesync.chunk_fetchers).toBe(8);
    expect(loadConfigText('[statesync]\nchunk_fetchers = 2\n', 'x').statesync.chunk_fetchers).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'cometts-cfg-'));
    expect(loadConfigFile(join(dir, 'missing.toml')).p2p.pex).toBe(true);
    writeFileSync(join(dir, 'c.toml'), '[p2p]\npex = false\n');
    expect(loadConfigFile(join(dir, 'c.toml')).p2p.pex).toBe(false);
  });
});
