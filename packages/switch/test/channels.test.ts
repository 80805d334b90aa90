import { describe, expect, test } from 'vitest';
import {
  DuplicateChannelError,
  DuplicateReactorError,
  InvalidChannelError,
  Switch,
  SwitchAlreadyStartedError,
  checkChannel,
  type ReactorChannel,
} from '../src/index.js';
import { TestMessage, TestReactor, newNodeKey } from './helpers.js';

function newSwitch(): Switch {
  return new Switch({ nodeKey: newNodeKey(), network: 'test-chain', moniker: 'm' });
}

describe('reactor registration', () => {
  test('a channel ID taken by another reactor is refused at registration, changing nothing', () => {
    const sw = newSwitch();
    sw.addReactor('first', new TestReactor('first', [0x70, 0x71]));
    const err = (() => {
      try {
        sw.addReactor('second', new TestReactor('second', [0x72, 0x71]));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DuplicateChannelError);
    expect((err as DuplicateChannelError).channelId).toBe(0x71);
    expect((err as DuplicateChannelError).owner).toBe('first');
    expect(sw.reactor('second')).toBeUndefined();
    // 0x72 was not half-registered.
    expect(() => sw.addReactor('third', new TestReactor('third', [0x72]))).not.toThrow();
  });

  test('one reactor declaring a channel twice, or two reactors with one name', () => {
    const sw = newSwitch();
    expect(() => sw.addReactor('dup', new TestReactor('dup', [0x70, 0x70]))).toThrow(DuplicateChannelError);
    sw.addReactor('r', new TestReactor('r', [0x70]));
    expect(() => sw.addReactor('r', new TestReactor('r', [0x71]))).toThrow(DuplicateReactorError);
  });

  test.each([
    ['id out of range', { id: 256, priority: 1 }],
    ['negative id', { id: -1, priority: 1 }],
    ['zero priority', { id: 1, priority: 0 }],
    ['fractional queue capacity', { id: 1, priority: 1, sendQueueCapacity: 1.5 }],
    ['missing codec', { id: 1, priority: 1, codec: undefined }],
  ])('invalid channel: %s', (_name, desc) => {
    expect(() => checkChannel({ codec: TestMessage, ...desc } as ReactorChannel)).toThrow(InvalidChannelError);
  });

  test('NodeInfo lists the channels in registration order', async () => {
    const sw = new Switch({ nodeKey: newNodeKey(), network: 'test-chain', moniker: 'm', listenAddress: 'tcp://127.0.0.1:0' });
    sw.addReactor('b', new TestReactor('b', [0x40]));
    sw.addReactor('a', new TestReactor('a', [0x20, 0x21]));
    await sw.start();
    try {
      expect([...sw.nodeInfo.channels]).toEqual([0x40, 0x20, 0x21]);
      expect(sw.nodeInfo.listenAddr).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
      expect(sw.nodeInfo.defaultNodeId).toBe(sw.nodeId);
      expect(() => sw.addReactor('late', new TestReactor('late', [0x50]))).toThrow(SwitchAlreadyStartedError);
      expect(sw.reactor('b')?.name).toBe('b');
    } finally {
      await sw.stop();
    }
  });
});
