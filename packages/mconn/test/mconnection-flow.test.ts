/** Flow-rate monitor (libs/flowrate behaviour) and the send/receive rate limits it drives. */
import { describe, expect, it } from 'vitest';
import { MConnection } from '../src/index.js';
import { FlowMonitor } from '../src/mconnection/flow-monitor.js';
import { FAST, recorder, startPair, tcpSocketPair, waitFor } from './mconnection-helpers.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('FlowMonitor', () => {
  it('allows rate × 100 ms per sample and says how long to wait', () => {
    const c = clock();
    const m = new FlowMonitor(100, 1000, c.now);
    expect(m.allowance(5_120_000)).toBe(512_000);
    m.update(500_000);
    expect(m.allowance(5_120_000)).toBe(12_000);
    m.update(20_000);
    expect(m.allowance(5_120_000)).toBeLessThanOrEqual(0);
    c.advance(40);
    expect(m.msUntilNextSample()).toBe(60);
    c.advance(60);
    expect(m.allowance(5_120_000)).toBe(512_000); // new sample
    expect(m.allowance(1)).toBe(1); // at least one byte per sample
  });

  it('tracks total, average, EMA of samples and peak', () => {
    const c = clock();
    const m = new FlowMonitor(100, 1000, c.now);
    for (let i = 0; i < 10; i++) {
      m.update(100_000); // 1 MB/s
      c.advance(100);
    }
    let s = m.status();
    expect(s.bytes).toBe(1_000_000);
    expect(s.durationMs).toBe(1000);
    expect(s.averageRate).toBe(1_000_000);
    expect(s.peakRate).toBe(1_000_000);
    expect(s.currentRate).toBe(1_000_000);
    // idle for a while: the EMA falls, the peak stays
    c.advance(2000);
    s = m.status();
    expect(s.currentRate).toBeLessThan(200_000);
    expect(s.peakRate).toBe(1_000_000);
    expect(s.averageRate).toBe(Math.round(1_000_000 / 3));
  });
});

describe('MConnection rate limits', () => {
  it('sendRate limits what the sender writes', async () => {
    const { client, server, close } = await tcpSocketPair();
    const { left, right, rightRec } = startPair(client, server, [{ id: 1, priority: 1, sendQueueCapacity: 10 }], {
      ...FAST,
      sendRate: 200_000,
    });
    const started = performance.now();
    for (let i = 0; i < 8; i++) await left.send(1, new Uint8Array(10_000));
    await waitFor(() => rightRec.received.length === 8, 10_000);
    // 80 kB at 200 kB/s: 20 kB per 100 ms sample → at least 3 sample waits
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(left.status().sendMonitor.bytes).toBeGreaterThanOrEqual(80_000);
    await left.stop();
    await right.stop();
    await close();
  });

  it('recvRate limits reading by pausing the stream', async () => {
    const { client, server, close } = await tcpSocketPair();
    const rec = recorder();
    const left = new MConnection(client, [{ id: 1, priority: 1, sendQueueCapacity: 10 }], recorder().handlers, FAST);
    const right = new MConnection(server, [{ id: 1, priority: 1 }], rec.handlers, { ...FAST, recvRate: 200_000 });
    left.start();
    right.start();
    const started = performance.now();
    for (let i = 0; i < 8; i++) await left.send(1, new Uint8Array(10_000));
    await waitFor(() => rec.received.length === 8, 10_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(right.status().recvMonitor.bytes).toBeGreaterThanOrEqual(80_000);
    await left.stop();
    await right.stop();
    await close();
  });
});
