import { describe, expect, test } from 'vitest';
import { DefaultNodeInfo, type NodeId } from '@cometts/types';
import {
  IncompatiblePeerError,
  InvalidNodeInfoError,
  PeerIdMismatchError,
  SelfConnectionError,
  buildNodeInfo,
  checkCompatible,
  checkPeerIdentity,
  validateNodeInfoRules,
} from '../src/index.js';
import { resolveListenAddress } from '../src/transport/addresses.js';
import { newNodeKey } from './helpers.js';

const ours = buildNodeInfo({
  nodeId: newNodeKey().nodeId,
  network: 'test-chain',
  listenAddr: 'tcp://0.0.0.0:26656',
  moniker: 'ours',
  channels: Uint8Array.from([0x40, 0x20, 0x21, 0x22, 0x23, 0x30, 0x38, 0x60, 0x61, 0x00]),
  rpcAddress: 'tcp://127.0.0.1:26657',
});

function theirs(overrides: Partial<DefaultNodeInfo> = {}): DefaultNodeInfo {
  return DefaultNodeInfo.create({ ...ours, defaultNodeId: newNodeKey().nodeId, moniker: 'theirs', ...overrides });
}

function failure(run: () => void): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('our NodeInfo', () => {
  test('protocol versions p2p 8 / block 11, network = chain id, CometBFT field layout', () => {
    expect(ours.protocolVersion).toEqual({ p2p: 8n, block: 11n, app: 0n });
    expect(ours.network).toBe('test-chain');
    expect(ours.version).toBe('0.38.17');
    expect(ours.other).toEqual({ txIndex: 'on', rpcAddress: 'tcp://127.0.0.1:26657' });
    expect(() => DefaultNodeInfo.validate(ours)).not.toThrow();
  });

  test('a NodeInfo peers would refuse is not built', () => {
    const err = failure(() => buildNodeInfo({ nodeId: newNodeKey().nodeId, network: 'c', listenAddr: 'tcp://0.0.0.0:1', moniker: '', channels: new Uint8Array() }));
    expect(err).toBeInstanceOf(InvalidNodeInfoError);
    expect(() => buildNodeInfo({ nodeId: 'nope', network: 'c', listenAddr: 'x:1', moniker: 'm', channels: new Uint8Array() })).toThrow(/node ID/);
  });
});

describe('checking a peer NodeInfo', () => {
  test.each([
    ['moniker of spaces', { moniker: '   ' }, 'node info moniker must be printable ASCII, not empty or only spaces'],
    ['too many channels', { channels: new Uint8Array(17).map((_, i) => i) }, 'node info may list at most 16 channels'],
    ['duplicate channels', { channels: Uint8Array.from([0x20, 0x20]) }, 'node info channels must be unique'],
    ['bad tx_index', { other: { txIndex: 'maybe', rpcAddress: '' } }, 'node info tx_index must be "", "on" or "off"'],
    ['non-ASCII version', { version: 'v1\u00e9' }, 'node info version must be empty or printable ASCII, not only spaces'],
    ['bad id', { defaultNodeId: 'abc' }, 'node info id must be 40 hex characters (20 bytes)'],
  ] as [string, Partial<DefaultNodeInfo>, string][])('Validate(): %s', (_name, overrides, rule) => {
    const err = failure(() => validateNodeInfoRules(theirs(overrides)));
    expect(err).toBeInstanceOf(InvalidNodeInfoError);
    expect((err as InvalidNodeInfoError).rule).toBe(rule);
  });

  test.each([
    ['block version', { protocolVersion: { p2p: 8n, block: 10n, app: 0n } }],
    ['network', { network: 'other-chain' }],
    ['channels', { channels: Uint8Array.from([0x99]) }],
  ] as [string, Partial<DefaultNodeInfo>][])('CompatibleWith: %s differs', (rule, overrides) => {
    const err = failure(() => checkCompatible(ours, theirs(overrides)));
    expect(err).toBeInstanceOf(IncompatiblePeerError);
    expect((err as IncompatiblePeerError).rule).toBe(rule);
  });

  test('p2p and app versions, software version and partial channel overlap do not matter', () => {
    expect(() =>
      checkCompatible(ours, theirs({ protocolVersion: { p2p: 9n, block: 11n, app: 7n }, version: '1.0.1', channels: Uint8Array.from([0x99, 0x30]) })),
    ).not.toThrow();
    // With no channels of our own, any peer is channel-compatible.
    expect(() => checkCompatible({ ...ours, channels: new Uint8Array() }, theirs({ channels: Uint8Array.from([0x99]) }))).not.toThrow();
  });

  test('identity: the ID must be the authenticated one and not ours', () => {
    const peer = theirs();
    expect(() => checkPeerIdentity(ours, peer, peer.defaultNodeId)).not.toThrow();
    expect(failure(() => checkPeerIdentity(ours, peer, newNodeKey().nodeId))).toBeInstanceOf(PeerIdMismatchError);
    const self = theirs({ defaultNodeId: ours.defaultNodeId });
    expect(failure(() => checkPeerIdentity(ours, self, ours.defaultNodeId as NodeId))).toBeInstanceOf(SelfConnectionError);
  });

  test('listen address: parsed without the scheme, host names resolved, failures typed', async () => {
    const id = newNodeKey().nodeId;
    expect((await resolveListenAddress(id, 'tcp://0.0.0.0:26656')).toString()).toBe(`${id}@0.0.0.0:26656`);
    expect((await resolveListenAddress(id, '[::1]:26656')).toString()).toBe(`${id}@[::1]:26656`);
    const resolved = await resolveListenAddress(id, 'tcp://node.example:26656', async () => '10.1.2.3');
    expect(resolved.toString()).toBe(`${id}@10.1.2.3:26656`);
    await expect(resolveListenAddress(id, 'tcp://no-such-host.invalid:1', async () => Promise.reject(new Error('NXDOMAIN')))).rejects.toBeInstanceOf(
      InvalidNodeInfoError,
    );
    await expect(resolveListenAddress(id, 'tcp://127.0.0.1')).rejects.toBeInstanceOf(InvalidNodeInfoError);
    await expect(resolveListenAddress(id, 'tcp://127.0.0.1:70000')).rejects.toBeInstanceOf(InvalidNodeInfoError);
  });
});
