import { connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { HandshakeTimeoutError, secretHandshake, type SecretConnection } from '@cometts/mconn';
import { DefaultNodeInfo, Ed25519PrivateKey, NetAddress } from '@cometts/types';
import {
  AlreadyDialingOrConnectedError,
  ConnectionFilteredError,
  DuplicateIpError,
  DuplicatePeerError,
  FilterTimeoutError,
  IncompatiblePeerError,
  NodeInfoExchangeError,
  NodeInfoTimeoutError,
  NodeInfoTooLargeError,
  PeerFilteredError,
  PeerIdMismatchError,
  SelfConnectionError,
  type AddrBookHook,
} from '../src/index.js';
import { TestReactor, connect, newNodeKey, rejections, startNode, stopAll, waitFor, type TestNode } from './helpers.js';

afterEach(stopAll);

const openSockets: Socket[] = [];
afterEach(() => {
  for (const s of openSockets.splice(0)) s.destroy();
});

function rawSocket(node: TestNode): Promise<Socket> {
  const { port } = node.sw.transport.boundAddress()!;
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
    openSockets.push(socket);
  });
}

async function rawSecret(node: TestNode): Promise<SecretConnection> {
  const socket = await rawSocket(node);
  return secretHandshake(socket, Ed25519PrivateKey.generate(), { timeoutMs: 10_000 });
}

/** After a rejection nothing is left: no peers, no held inbound sockets. */
async function expectNoLeaks(...nodes: TestNode[]): Promise<void> {
  for (const node of nodes) {
    await waitFor(() => node.sw.transport.inboundConnections === node.sw.numPeers().inbound, 'inbound sockets released');
  }
}

describe('rejections (each a typed reason; nothing leaks)', () => {
  test('wrong chain', async () => {
    const a = await startNode({ network: 'chain-a' });
    const b = await startNode({ network: 'chain-b' });
    const seen = rejections(b.sw);
    const err = await a.sw.dialPeerWithAddress(b.sw.netAddress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompatiblePeerError);
    expect((err as IncompatiblePeerError).rule).toBe('network');
    await waitFor(() => seen.length === 1, 'inbound rejection');
    expect(seen[0]!.error).toBeInstanceOf(IncompatiblePeerError);
    expect(a.sw.peers.size + b.sw.peers.size).toBe(0);
    await expectNoLeaks(a, b);
  });

  test('incompatible channels', async () => {
    const a = await startNode({}, new TestReactor('test', [0x70]));
    const b = await startNode({}, new TestReactor('test', [0x71]));
    const err = await a.sw.dialPeerWithAddress(b.sw.netAddress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompatiblePeerError);
    expect((err as IncompatiblePeerError).rule).toBe('channels');
    await expectNoLeaks(a, b);
  });

  test('the dialed ID is not the key we meet', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const wrong = new NetAddress(newNodeKey().nodeId, b.sw.netAddress.ip, b.sw.netAddress.port);
    const err = await a.sw.dialPeerWithAddress(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PeerIdMismatchError);
    expect((err as PeerIdMismatchError).check).toBe('dialed address');
    expect(a.sw.numPeers()).toEqual({ inbound: 0, outbound: 0, dialing: 0 });
    await expectNoLeaks(a, b);
  });

  test('secret handshake timeout', async () => {
    const b = await startNode({ handshakeTimeoutMs: 300 });
    const seen = rejections(b.sw);
    const socket = await rawSocket(b);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    await waitFor(() => seen.length === 1, 'handshake timeout');
    expect(seen[0]!.error).toBeInstanceOf(HandshakeTimeoutError);
    await closed;
    await expectNoLeaks(b);
  });

  test('node info exchange timeout', async () => {
    const b = await startNode({ handshakeTimeoutMs: 1500 });
    const seen = rejections(b.sw);
    await rawSecret(b); // authenticates, then never sends a NodeInfo
    await waitFor(() => seen.length === 1, 'node info timeout');
    expect(seen[0]!.error).toBeInstanceOf(NodeInfoTimeoutError);
    await expectNoLeaks(b);
  });

  test('garbage instead of a NodeInfo after the handshake', async () => {
    const b = await startNode();
    const seen = rejections(b.sw);
    const conn = await rawSecret(b);
    conn.write(Buffer.concat([Buffer.from([32]), Buffer.alloc(32, 0xff)]));
    await waitFor(() => seen.length === 1, 'garbage rejected');
    expect(seen[0]!.error).toBeInstanceOf(NodeInfoExchangeError);
    await expectNoLeaks(b);
  });

  test('a NodeInfo length prefix over 10240 bytes', async () => {
    const b = await startNode();
    const seen = rejections(b.sw);
    const conn = await rawSecret(b);
    conn.write(Buffer.from([0x81, 0x50])); // 10241
    await waitFor(() => seen.length === 1, 'oversized node info rejected');
    expect(seen[0]!.error).toBeInstanceOf(NodeInfoTooLargeError);
    await expectNoLeaks(b);
  });

  test('a NodeInfo whose ID is not the authenticated key', async () => {
    const b = await startNode();
    const seen = rejections(b.sw);
    const conn = await rawSecret(b);
    const info = DefaultNodeInfo.create({ ...b.sw.nodeInfo, defaultNodeId: newNodeKey().nodeId, moniker: 'liar' });
    conn.write(DefaultNodeInfo.encodeDelimited(info));
    await waitFor(() => seen.length === 1, 'liar rejected');
    expect(seen[0]!.error).toBeInstanceOf(PeerIdMismatchError);
    expect((seen[0]!.error as PeerIdMismatchError).check).toBe('node info');
    await expectNoLeaks(b);
  });

  test('a second connection from the same peer is refused and the first one stays', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const { ab } = await connect(a, b);
    await expect(a.sw.dialPeerWithAddress(b.sw.netAddress)).rejects.toBeInstanceOf(AlreadyDialingOrConnectedError);
    const seen = rejections(b.sw);
    const second = await a.sw.transport.dial(b.sw.netAddress); // below the switch's own check
    await waitFor(() => seen.length === 1, 'duplicate refused');
    expect(seen[0]!.error).toBeInstanceOf(DuplicatePeerError);
    second.stream.destroy();
    expect(await ab.send(0x70, { seq: 1n, text: 'still here' })).toBe(true);
    await waitFor(() => b.reactor.received.length === 1, 'first connection still works');
    await expectNoLeaks(a, b);
  });

  test('duplicate IP policy (off: one inbound connection per IP)', async () => {
    const b = await startNode({ allowDuplicateIp: false });
    const [a, c] = await Promise.all([startNode(), startNode()]);
    const seen = rejections(b.sw);
    await connect(a, b);
    await expect(c.sw.dialPeerWithAddress(b.sw.netAddress)).rejects.toThrow();
    await waitFor(() => seen.length === 1, 'duplicate IP refused');
    expect(seen[0]!.error).toBeInstanceOf(DuplicateIpError);
    expect(b.sw.peers.size).toBe(1);
    await expectNoLeaks(b, c);
  });

  test('connection filter by IP, and its timeout', async () => {
    const b = await startNode({
      connectionFilters: [
        ({ ip }) => {
          if (ip === '127.0.0.1') throw new Error('banned range');
        },
      ],
    });
    const a = await startNode();
    const seen = rejections(b.sw);
    await expect(a.sw.dialPeerWithAddress(b.sw.netAddress)).rejects.toThrow();
    await waitFor(() => seen.length === 1, 'filtered');
    expect(seen[0]!.error).toBeInstanceOf(ConnectionFilteredError);
    expect((seen[0]!.error as ConnectionFilteredError).ip).toBe('127.0.0.1');

    const slow = await startNode({ filterTimeoutMs: 200, connectionFilters: [() => new Promise<void>(() => {})] });
    const slowSeen = rejections(slow.sw);
    await expect(a.sw.dialPeerWithAddress(slow.sw.netAddress)).rejects.toThrow();
    await waitFor(() => slowSeen.length === 1, 'filter timeout');
    expect(slowSeen[0]!.error).toBeInstanceOf(FilterTimeoutError);
    await expectNoLeaks(a, b, slow);
  });

  test('peer filter by ID', async () => {
    const a = await startNode();
    const b = await startNode({
      peerFilters: [
        ({ id }) => {
          if (id === a.sw.nodeId) throw new Error('not welcome');
        },
      ],
    });
    const seen = rejections(b.sw);
    // The dialer completes its own handshake (nothing on the wire says why), then sees the close.
    await a.sw.dialPeerWithAddress(b.sw.netAddress).catch(() => undefined);
    await waitFor(() => seen.length === 1, 'peer filtered');
    await waitFor(() => a.sw.peers.size === 0, 'dialer noticed the close');
    expect(seen[0]!.error).toBeInstanceOf(PeerFilteredError);
    expect((seen[0]!.error as PeerFilteredError).id).toBe(a.sw.nodeId);
    expect(b.sw.peers.size).toBe(0);
    await expectNoLeaks(a, b);
  });

  test('self dial: refused, and the address book learns it is ours', async () => {
    const calls: string[] = [];
    const book: AddrBookHook = {
      addAddress: () => {},
      addPrivateIds: () => {},
      addOurAddress: (addr) => calls.push(`our ${addr.toString()}`),
      ourAddress: () => false,
      removeAddress: (addr) => calls.push(`remove ${addr.toString()}`),
      hasAddress: () => false,
      markGood: () => {},
      markAttempt: () => {},
      markBad: () => {},
    };
    const a = await startNode({ addrBook: book });
    const own = a.sw.netAddress;
    await expect(a.sw.dialPeerWithAddress(own)).rejects.toBeInstanceOf(SelfConnectionError);
    expect(calls).toEqual([`remove ${own.toString()}`, `our ${own.toString()}`]);
    // Below the switch: the handshake itself detects that the remote is us.
    const seen = rejections(a.sw);
    await expect(a.sw.transport.dial(own)).rejects.toBeInstanceOf(SelfConnectionError);
    await waitFor(() => seen.length === 1, 'inbound side refused too');
    expect(seen[0]!.error).toBeInstanceOf(SelfConnectionError);
    await expectNoLeaks(a);
  });

  test('dial errors are typed', async () => {
    const a = await startNode();
    const closed = await startNode();
    const address = closed.sw.netAddress;
    await closed.sw.stop();
    const err = await a.sw.dialPeerWithAddress(address).catch((e: unknown) => e);
    expect((err as { code: string }).code).toBe('DIAL_FAILED');
  });
});
