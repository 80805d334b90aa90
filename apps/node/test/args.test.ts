import { describe, expect, it } from 'vitest';
import { configKeyForFlag, parseArgs } from '../src/cli/args';
import { UsageError } from '../src/errors';

describe('CLI flags', () => {
  it('map CometBFT flag names to config keys', () => {
    expect(configKeyForFlag('p2p.laddr')).toBe('p2p.laddr');
    expect(configKeyForFlag('p2p.external-address')).toBe('p2p.external_address');
    expect(configKeyForFlag('p2p.persistent_peers')).toBe('p2p.persistent_peers');
    expect(configKeyForFlag('log_level')).toBe('log_level');
    expect(configKeyForFlag('proxy_app')).toBe('proxy_app');
    expect(configKeyForFlag('mempool.keep-invalid-txs-in-cache')).toBe('mempool.keep-invalid-txs-in-cache');
    expect(configKeyForFlag('p2p')).toBeUndefined();
    expect(configKeyForFlag('p2p.nope')).toBeUndefined();
    expect(configKeyForFlag('a.b.c')).toBeUndefined();
  });

  it('read values the pflag way and coerce them to the key type', () => {
    const args = parseArgs(
      [
        '--home', '/h',
        '--p2p.laddr', 'tcp://127.0.0.1:1',
        '--p2p.pex=false',
        '--p2p.seed_mode',
        '--p2p.max_num_inbound_peers=3',
        '--rpc.cors_allowed_origins', 'a,b',
        '--consensus.timeout_commit', '2s',
        'extra',
      ],
      { flags: { home: 'string' }, configFlags: true },
    );
    expect(args.flags.get('home')).toBe('/h');
    expect(args.overrides).toEqual({
      'p2p.laddr': 'tcp://127.0.0.1:1',
      'p2p.pex': false,
      'p2p.seed_mode': true,
      'p2p.max_num_inbound_peers': 3,
      'rpc.cors_allowed_origins': ['a', 'b'],
      'consensus.timeout_commit': '2s',
    });
    expect(args.positionals).toEqual(['extra']);
  });

  it('reject unknown flags, missing values and bad typed values', () => {
    expect(() => parseArgs(['--nope'], { flags: {} })).toThrow(UsageError);
    expect(() => parseArgs(['--p2p.laddr'], { flags: {}, configFlags: true })).toThrow(/needs an argument/);
    expect(() => parseArgs(['--v', 'x'], { flags: { v: 'integer' } })).toThrow(/integer/);
    expect(() => parseArgs(['--verbose=yes'], { flags: { verbose: 'boolean' } })).toThrow(/true or false/);
    expect(() => parseArgs(['--p2p.laddr', 'x'], { flags: {} })).toThrow(UsageError);
  });
});
