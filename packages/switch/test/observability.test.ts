import { afterEach, describe, expect, test } from 'vitest';
import type { LogFields, Logger, SwitchMetrics } from '../src/index.js';
import { connect, startNode, stopAll, waitFor } from './helpers.js';

afterEach(stopAll);

function recorder() {
  const events: string[] = [];
  const counts: { total: number; inbound: number; outbound: number; dialing: number }[] = [];
  const metrics: SwitchMetrics = {
    peers: (c) => counts.push(c),
    messageReceived: (ch, bytes) => events.push(`recv ${ch} ${bytes}`),
    messageSent: (ch, bytes) => events.push(`sent ${ch} ${bytes}`),
    connectionRejected: (code, outbound) => events.push(`rejected ${code} ${outbound}`),
    peerStoppedForError: (code) => events.push(`stopped ${code}`),
  };
  const logs: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => logs.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { events, counts, metrics, logs, logger };
}

describe('injected logging and metrics', () => {
  test('peer counts, message sizes, rejections and stops are reported', async () => {
    const r = recorder();
    const a = await startNode({ metrics: r.metrics, logger: r.logger });
    const b = await startNode({ network: 'elsewhere' });
    const c = await startNode();
    await a.sw.dialPeerWithAddress(b.sw.netAddress).catch(() => undefined);
    const { ab } = await connect(a, c);
    await ab.send(0x71, { seq: 1n, text: 'hi' });
    await c.sw.peers.get(a.sw.nodeId)!.send(0x72, { seq: 2n, text: 'yo' });
    await waitFor(() => r.events.some((e) => e.startsWith('recv')), 'receive metric');
    await a.sw.stopPeerForError(ab, new Error('bye'));
    expect(r.events).toContain('rejected INCOMPATIBLE_PEER true');
    expect(r.events).toContain('sent 113 6');
    expect(r.events).toContain('recv 114 6');
    expect(r.events).toContain('stopped Error');
    expect(r.counts.some((c) => c.total === 1 && c.outbound === 1)).toBe(true);
    expect(r.counts.at(-1)).toEqual({ total: 0, inbound: 0, outbound: 0, dialing: 0 });
    expect(r.logs.some((l) => l.level === 'info' && l.message === 'peer added')).toBe(true);
    expect(r.logs.some((l) => l.level === 'warn' && l.message === 'stopping peer for error')).toBe(true);
  });

  test('a throwing event listener does not break the peer lifecycle', async () => {
    const r = recorder();
    const a = await startNode({ logger: r.logger });
    const b = await startNode();
    a.sw.on('peerAdded', () => {
      throw new Error('listener bug');
    });
    const { ab } = await connect(a, b);
    expect(a.sw.peers.get(b.sw.nodeId)).toBe(ab);
    expect(r.logs.some((l) => l.level === 'error' && l.message === 'switch event listener threw')).toBe(true);
  });

  test('the external address is announced and used as our address', async () => {
    const a = await startNode({ externalAddress: 'tcp://node.example:26656', resolver: async () => '203.0.113.7' });
    expect(a.sw.nodeInfo.listenAddr).toBe('tcp://node.example:26656');
    expect(a.sw.netAddress.toString()).toBe(`${a.sw.nodeId}@203.0.113.7:26656`);
  });
});
