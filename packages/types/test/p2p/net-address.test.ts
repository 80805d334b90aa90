import { describe, expect, test } from 'vitest';
import {
  InvalidNetAddressError,
  NetAddress,
  NetAddressLookupError,
  NetAddressNoIdError,
  NetAddressProto,
  addressGroupKey,
  formatIP,
  parseIP,
} from '../../src/index.js';

const ID = 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef';
const at = (hostport: string) => NetAddress.parse(`${ID}@${hostport}`);

describe('IP parsing and printing like Go', () => {
  test.each([
    ['1.2.3.4', '1.2.3.4'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::1', '::1'],
    ['::', '::'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['fe80:0:0:0:0:0:0:1', 'fe80::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
  ])('%s prints as %s', (text, printed) => {
    expect(formatIP(parseIP(text)!)).toBe(printed);
  });

  test.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', 'fe80::1%eth0', '12345::', 'g::1', 'localhost'])(
    '%j is not an IP',
    (text) => {
      expect(parseIP(text)).toBeUndefined();
    },
  );
});

describe('NetAddress', () => {
  test('parse and print: scheme removed, IPv6 bracketed, IPv4-mapped as IPv4', () => {
    expect(at('1.2.3.4:26656').toString()).toBe(`${ID}@1.2.3.4:26656`);
    expect(NetAddress.parse(`tcp://${ID}@1.2.3.4:26656`).toString()).toBe(`${ID}@1.2.3.4:26656`);
    expect(at('[::1]:26656').toString()).toBe(`${ID}@[::1]:26656`);
    expect(at('[::ffff:10.0.0.1]:80').toString()).toBe(`${ID}@10.0.0.1:80`);
    expect(at('1.2.3.4:026656').port).toBe(26656);
    expect(at('1.2.3.4:0').port).toBe(0);
  });

  test.each([
    ['1.2.3.4:26656', NetAddressNoIdError],
    [`${ID}@1.2.3.4:26656@x`, NetAddressNoIdError],
    [`abc@1.2.3.4:26656`, InvalidNetAddressError],
    [`${ID.slice(2)}@1.2.3.4:26656`, InvalidNetAddressError],
    [`${ID}@1.2.3.4`, InvalidNetAddressError],
    [`${ID}@::1:26656`, InvalidNetAddressError],
    [`${ID}@[::1:26656`, InvalidNetAddressError],
    [`${ID}@[::1]x:26656`, InvalidNetAddressError],
    [`${ID}@:26656`, InvalidNetAddressError],
    [`${ID}@1.2.3.4:65536`, InvalidNetAddressError],
    [`${ID}@1.2.3.4:-1`, InvalidNetAddressError],
    [`${ID}@1.2.3.4:port`, InvalidNetAddressError],
    [`${ID}@example.com:26656`, NetAddressLookupError],
  ])('%s → %o', (text, kind) => {
    expect(() => NetAddress.parse(text)).toThrow(kind);
  });

  test('uppercase IDs are valid, as Go decodes them', () => {
    expect(NetAddress.parse(`${ID.toUpperCase()}@1.2.3.4:1`).isValid()).toBe(true);
  });

  test('resolve: host names through the injected resolver, lookup failures are their own kind', async () => {
    const addr = await NetAddress.resolve(`${ID}@node1.example:26656`, async (host) => {
      expect(host).toBe('node1.example');
      return '192.0.2.7';
    });
    expect(addr.toString()).toBe(`${ID}@192.0.2.7:26656`);
    await expect(NetAddress.resolve(`${ID}@nowhere:1`, async () => Promise.reject(new Error('ENOTFOUND')))).rejects.toThrow(NetAddressLookupError);
    // IP literals never reach the resolver.
    await expect(NetAddress.resolve(`${ID}@127.0.0.1:5`, async () => Promise.reject(new Error('no')))).resolves.toBeInstanceOf(NetAddress);
    // The real resolver handles "localhost" without the network.
    const local = await NetAddress.resolve(`${ID}@localhost:26656`);
    expect(local.isLocal()).toBe(true);
  });

  test.each([
    ['1.2.3.4:26656', true, true],
    ['8.8.8.8:1', true, true],
    ['0.0.0.0:26656', false, false],
    ['[::]:26656', false, false],
    ['255.255.255.255:1', false, false],
    ['[2001:db8::1]:1', false, false],
    ['1.2.3.4:0', false, false],
    ['10.1.2.3:1', true, false],
    ['172.16.0.1:1', true, false],
    ['172.31.255.255:1', true, false],
    ['172.32.0.1:1', true, true],
    ['192.168.1.1:1', true, false],
    ['169.254.1.1:1', true, false],
    ['127.0.0.1:1', true, false],
    ['0.1.2.3:1', true, false],
    ['[::1]:1', true, false],
    ['[fe80::1]:1', true, false],
    ['[fe80:0:0:1::1]:1', true, true],
    ['[fc00::1]:1', true, false],
    ['[fdff::1]:1', true, false],
    ['[2001:10::1]:1', true, false],
    ['[2001:4860::8888]:1', true, true],
  ])('%s valid=%s routable=%s', (hostport, valid, routable) => {
    const addr = at(hostport);
    expect(addr.isValid()).toBe(valid);
    expect(addr.isRoutable()).toBe(routable);
  });

  test('equality and sameness', () => {
    const a = at('1.2.3.4:1');
    expect(a.equals(at('1.2.3.4:1'))).toBe(true);
    expect(a.same(NetAddress.parse(`${'a'.repeat(40)}@1.2.3.4:1`))).toBe(true);
    expect(a.same(at('5.6.7.8:9'))).toBe(true);
    expect(a.same(NetAddress.parse(`${'a'.repeat(40)}@5.6.7.8:9`))).toBe(false);
  });

  test('proto conversion (NetAddressFromProto rules)', () => {
    const a = at('[2001:4860::8888]:26656');
    expect(a.toProto()).toEqual({ id: ID, ip: '2001:4860::8888', port: 26656 });
    expect(NetAddress.fromProto(NetAddressProto.decode(NetAddressProto.encode(a.toProto()))).equals(a)).toBe(true);
    expect(() => NetAddress.fromProto({ id: ID, ip: 'nope', port: 1 })).toThrow(InvalidNetAddressError);
    expect(() => NetAddress.fromProto({ id: ID, ip: '1.2.3.4', port: 70000 })).toThrow(InvalidNetAddressError);
  });

  test('socket addresses', () => {
    expect(NetAddress.fromIPPort('::ffff:127.0.0.1', 4000, ID).toString()).toBe(`${ID}@127.0.0.1:4000`);
    expect(NetAddress.fromIPPort('::1', 4000).toString()).toBe('[::1]:4000');
  });
});

describe('address book group keys', () => {
  test.each([
    ['1.2.3.4:1', true, '1.2.0.0'],
    ['127.0.0.1:1', true, 'local'],
    ['127.0.0.1:1', false, '127.0.0.0'],
    ['10.0.0.1:1', true, 'unroutable'],
    ['10.9.8.7:1', false, '10.9.0.0'],
    ['[64:ff9b::1.2.3.4]:1', true, '1.2.0.0'],
    ['[2002:0102:0304::1]:1', true, '1.2.0.0'],
    ['[2001:0:1:2:3:4:fefd:fcfb]:1', true, '1.2.0.0'],
    ['[fd87:d87e:eb43:1234:5678::1]:1', false, 'tor:2'],
    ['[2001:4860:1234::1]:1', true, '2001:4860::'],
    ['[2001:470:abcd::1]:1', true, '2001:470:a000::'],
  ])('%s strict=%s → %s', (hostport, strict, key) => {
    expect(addressGroupKey(at(hostport), strict)).toBe(key);
  });
});
