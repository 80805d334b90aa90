import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519PrivateKey } from '@cometts/types';
import { afterAll, describe, expect, it } from 'vitest';
import { openApplication } from '../src/consensus/application';
import { genesisFromDoc } from '../src/consensus/genesis';
import { UnsupportedAppError } from '../src/errors';
import { newGenesis, validateAndCompleteGenesis } from '../src/home/genesis';
import { ed25519PubKeyJson } from '../src/home/cmtjson';

const dir = mkdtempSync(join(tmpdir(), 'cometts-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('proxy_app', () => {
  it('runs the built-in applications and refuses an ABCI address with a clear error', async () => {
    const kv = await openApplication('kvstore', dir);
    expect((await kv.app.info({ version: '', blockVersion: 0n, p2pVersion: 0n, abciVersion: '' })).appVersion).toBe(1n);
    await kv.db?.close();
    const persistent = await openApplication('persistent_kvstore', dir);
    await persistent.db?.close();
    expect((await openApplication('noop', dir)).db).toBeUndefined();
    const err = await openApplication('tcp://127.0.0.1:26658', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedAppError);
    expect((err as Error).message).toContain('"kvstore"');
  });
});

describe('genesis for consensus', () => {
  it('converts the completed genesis document', () => {
    const key = Ed25519PrivateKey.generate();
    const doc = validateAndCompleteGenesis(
      JSON.parse(JSON.stringify(newGenesis({ chainId: 'g', validators: [{ address: '', pub_key: ed25519PubKeyJson(key.publicKey), power: '7', name: 'v' }] }))),
    );
    const g = genesisFromDoc(doc);
    expect(g.chainId).toBe('g');
    expect(g.initialHeight).toBe(1n);
    expect(g.validators).toEqual([{ pubKey: { case: 'ed25519', value: key.publicKey }, power: 7n }]);
    expect(g.consensusParams.block?.maxBytes).toBe(22020096n);
  });
});
