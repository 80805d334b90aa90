import { afterEach, describe, expect, test } from 'vitest';
import { InvalidNetAddressError, NetAddress } from '@cometts/types';
import { parseAddressList, type AddrBookHook } from '../src/index.js';
import { connect, newNodeKey, startNode, stopAll } from './helpers.js';

afterEach(stopAll);

function recordingBook(): AddrBookHook & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    addAddress: (addr, src) => calls.push(`add ${addr.id} from ${src.id}`),
    addPrivateIds: (ids) => calls.push(`private ${ids.join(',')}`),
    addOurAddress: (addr) => calls.push(`our ${addr.id}`),
    ourAddress: () => false,
    removeAddress: (addr) => calls.push(`remove ${addr.id}`),
    hasAddress: () => false,
    markGood: (id) => calls.push(`good ${id}`),
    markAttempt: (addr) => calls.push(`attempt ${addr.id}`),
    markBad: (addr) => calls.push(`bad ${addr.id}`),
    save: () => {
      calls.push('save');
    },
  };
}

describe('address book hook', () => {
  test('dialPeersAsync records addresses with our address as source, except ours and private ones', async () => {
    const book = recordingBook();
    const privateKey = newNodeKey();
    const a = await startNode({ addrBook: book, privatePeerIds: [privateKey.nodeId], dialRandomDelayMs: 0 });
    expect(book.calls).toEqual([`private ${privateKey.nodeId}`]);
    const b = await startNode();
    const privatePeer = await startNode({ nodeKey: privateKey });
    await a.sw.dialPeersAsync([b.sw.netAddress, privatePeer.sw.netAddress, a.sw.netAddress]);
    expect(book.calls).toContain(`add ${b.sw.nodeId} from ${a.sw.nodeId}`);
    expect(book.calls.filter((c) => c.startsWith('add'))).toHaveLength(1);
    expect(book.calls).toContain('save');
    // Self was skipped without a dial; the other two connected.
    expect(a.sw.peers.size).toBe(2);

    a.sw.markPeerAsGood(a.sw.peers.get(b.sw.nodeId)!);
    a.sw.markPeerAsGood(a.sw.peers.get(privateKey.nodeId)!);
    expect(book.calls.filter((c) => c.startsWith('good'))).toEqual([`good ${b.sw.nodeId}`]);
    expect(a.sw.isPeerPrivate(privateKey.nodeId)).toBe(true);
  });

  test('setAddrBook forwards the private IDs known so far', async () => {
    const id = newNodeKey().nodeId;
    const a = await startNode({ privatePeerIds: [id] });
    const book = recordingBook();
    a.sw.setAddrBook(book);
    expect(book.calls).toEqual([`private ${id}`]);
    const b = await startNode();
    await connect(a, b);
    a.sw.markPeerAsGood(a.sw.peers.get(b.sw.nodeId)!);
    expect(book.calls).toContain(`good ${b.sw.nodeId}`);
  });
});

describe('parseAddressList', () => {
  const id1 = newNodeKey().nodeId;
  const id2 = newNodeKey().nodeId;

  test('parses, resolves host names and skips entries whose host does not resolve', async () => {
    const list = await parseAddressList(` ${id1}@127.0.0.1:26656, tcp://${id2}@seed.example:26656 ,${id1}@gone.invalid:1,`, async (host) => {
      if (host === 'seed.example') return '192.0.2.10';
      throw new Error('NXDOMAIN');
    });
    expect(list.addresses.map((a) => a.toString())).toEqual([`${id1}@127.0.0.1:26656`, `${id2}@192.0.2.10:26656`]);
    expect(list.unresolved.map((u) => u.entry)).toEqual([`${id1}@gone.invalid:1`]);
    expect((await parseAddressList('')).addresses).toEqual([]);
  });

  test('a malformed entry is an error', async () => {
    await expect(parseAddressList(`${id1}@127.0.0.1:99999`)).rejects.toBeInstanceOf(InvalidNetAddressError);
    await expect(parseAddressList('127.0.0.1:26656')).rejects.toThrow(/does not contain ID/);
    expect(NetAddress.parse(`${id1}@127.0.0.1:1`).id).toBe(id1);
  });
});
