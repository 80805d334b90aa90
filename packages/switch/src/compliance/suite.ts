/**
 * The reactor compliance suite: any reactor can run it with vitest,
 *
 *   describeReactorCompliance('mempool', (env) => new MempoolReactor(env.switch, …), { samples });
 *
 * It checks the Reactor contract the Switch relies on: valid unique
 * channels, the peer lifecycle (including removal of unknown peers), a quick
 * synchronous receive, valid sends only to live peers, and per-peer loops
 * that end when the peer's signal aborts.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { checkChannel } from '../channels.js';
import type { Reactor } from '../reactor.js';
import type { FakePeer } from './fake-peer.js';
import { FakeSwitch } from './fake-switch.js';

export interface ComplianceEnv {
  /** Pass this to the reactor as its switch. */
  readonly switch: FakeSwitch;
}

export interface ReactorComplianceOptions {
  /** Valid messages per channel ID, fed to receive() from a connected peer. */
  samples?: Record<number, readonly unknown[]>;
  /** Longest one receive() call may take. Default 250 ms (generous for loaded CI machines). */
  receiveBudgetMs?: number;
  /** How long to watch a removed peer for sends. Default 300 ms. */
  quietPeriodMs?: number;
  /** Prepares a peer before initPeer (e.g. state other reactors would publish in its store). */
  preparePeer?(peer: FakePeer): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeReactorCompliance(
  name: string,
  createReactor: (env: ComplianceEnv) => Reactor | Promise<Reactor>,
  options: ReactorComplianceOptions = {},
): void {
  const budget = options.receiveBudgetMs ?? 250;
  const quiet = options.quietPeriodMs ?? 300;
  const samples = options.samples ?? {};
  const started: { reactor: Reactor; sw: FakeSwitch }[] = [];

  async function setup(start = true): Promise<{ reactor: Reactor; sw: FakeSwitch }> {
    const sw = new FakeSwitch();
    const reactor = await createReactor({ switch: sw });
    sw.addReactor(reactor);
    if (start) await reactor.start?.();
    const ctx = { reactor, sw };
    started.push(ctx);
    return ctx;
  }

  function connect(sw: FakeSwitch, outbound = false): FakePeer {
    return sw.connectPeer({ isOutbound: outbound }, options.preparePeer);
  }

  describe(`reactor compliance: ${name}`, () => {
    afterEach(async () => {
      for (const { reactor, sw } of started.splice(0)) {
        for (const peer of [...sw.peers.values()]) sw.disconnectPeer(peer, undefined);
        await reactor.stop?.();
      }
    });

    test('has a name and valid, unique channels that do not change', async () => {
      const { reactor } = await setup(false);
      expect(typeof reactor.name).toBe('string');
      expect(reactor.name.length).toBeGreaterThan(0);
      const channels = reactor.channels();
      expect(channels.length).toBeGreaterThan(0);
      for (const channel of channels) expect(() => checkChannel(channel)).not.toThrow();
      const ids = channels.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(reactor.channels().map((c) => c.id)).toEqual(ids);
    });

    test('sample messages round-trip through their channel codec byte for byte', async () => {
      const { reactor } = await setup(false);
      const byId = new Map(reactor.channels().map((c) => [c.id, c]));
      for (const [id, messages] of Object.entries(samples)) {
        const channel = byId.get(Number(id));
        expect(channel, `samples given for channel ${id}, which the reactor does not declare`).toBeDefined();
        for (const message of messages) {
          const bytes = channel!.codec.encode(message);
          expect(channel!.codec.encode(channel!.codec.decode(bytes))).toEqual(bytes);
        }
      }
    });

    test('starts and stops', async () => {
      const { reactor } = await setup(false);
      await reactor.start?.();
      await reactor.stop?.();
      started.length = 0;
    });

    test('initPeer, addPeer and removePeer (with the reason) for inbound and outbound peers', async () => {
      const { sw } = await setup();
      const inbound = connect(sw, false);
      const outbound = connect(sw, true);
      await sleep(10);
      expect(() => sw.disconnectPeer(inbound, new Error('test reason'))).not.toThrow();
      expect(() => sw.disconnectPeer(outbound, undefined)).not.toThrow();
    });

    test('removePeer of an unknown peer, or of a peer twice, does not throw', async () => {
      const { reactor, sw } = await setup();
      const stranger = new FakeSwitch().connectPeer();
      expect(() => reactor.removePeer(stranger, new Error('never added'))).not.toThrow();
      const peer = connect(sw);
      sw.disconnectPeer(peer, undefined);
      expect(() => reactor.removePeer(peer, undefined)).not.toThrow();
    });

    test('receive is synchronous and returns quickly', async () => {
      const { sw } = await setup();
      const peer = connect(sw);
      for (const [id, messages] of Object.entries(samples)) {
        for (const message of messages) {
          if (!sw.peers.has(peer.id)) break; // the reactor may legitimately stop a peer for a message
          const begin = performance.now();
          const returned = sw.deliver(peer, Number(id), message);
          const took = performance.now() - begin;
          expect(took, `receive on channel ${id} took ${took.toFixed(1)} ms`).toBeLessThan(budget);
          const thenable = typeof (returned as { then?: unknown } | undefined)?.then === 'function';
          expect(thenable, 'receive must not return a promise (queue async work instead)').toBe(false);
        }
      }
    });

    test('sends only valid messages on its own channels, and stops sending once a peer is removed', async () => {
      const { sw } = await setup();
      const peer = connect(sw, true);
      for (const [id, messages] of Object.entries(samples)) {
        for (const message of messages) if (sw.peers.has(peer.id)) sw.deliver(peer, Number(id), message);
      }
      await sleep(quiet);
      expect(peer.invalidSends).toEqual([]);
      sw.disconnectPeer(peer, new Error('removed by the compliance suite'));
      expect(peer.signal.aborted).toBe(true);
      await sleep(quiet);
      const afterFirstPeriod = peer.sendsAfterRemoval;
      await sleep(quiet);
      expect(peer.sendsAfterRemoval, 'a per-peer loop kept sending after removal').toBe(afterFirstPeriod);
    });

    test('the peer store is cleared on removal', async () => {
      const { sw } = await setup();
      const peer = connect(sw);
      sw.disconnectPeer(peer, undefined);
      const key = { name: 'compliance.probe' };
      peer.set(key, 1);
      expect(peer.get(key)).toBeUndefined();
    });
  });
}
