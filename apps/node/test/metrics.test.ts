import { afterEach, describe, expect, it } from 'vitest';
import { NodeMetrics } from '../src/metrics/metrics';
import { startMetricsServer, type MetricsServer } from '../src/metrics/server';

let server: MetricsServer | undefined;
let metrics: NodeMetrics | undefined;
afterEach(async () => {
  await server?.close();
  metrics?.close();
  server = undefined;
});

describe('Prometheus metrics', () => {
  it('report peers, bytes per channel, rejections and event-loop delay', async () => {
    metrics = new NodeMetrics('cometbft');
    const sw = metrics.forSwitch();
    sw.peers({ inbound: 1, outbound: 2, dialing: 1, total: 3 });
    sw.messageReceived(0x20, 100);
    sw.messageReceived(0x20, 50);
    sw.messageSent(0x00, 7);
    sw.connectionRejected('DIAL_FAILED', true);
    sw.connectionRejected('DUPLICATE_IP', false);
    sw.peerStoppedForError('PONG_TIMEOUT');
    const text = await metrics.text();
    expect(text).toContain('cometbft_p2p_peers{direction="total"} 3');
    expect(text).toContain('cometbft_p2p_peers{direction="outbound"} 2');
    expect(text).toContain('cometbft_p2p_channel_receive_bytes_total{ch_id="0x20"} 150');
    expect(text).toContain('cometbft_p2p_channel_receive_messages_total{ch_id="0x20"} 2');
    expect(text).toContain('cometbft_p2p_channel_send_bytes_total{ch_id="0x00"} 7');
    expect(text).toContain('cometbft_p2p_dial_failures_total{code="DIAL_FAILED"} 1');
    expect(text).toContain('cometbft_p2p_connections_rejected_total{code="DUPLICATE_IP",direction="inbound"} 1');
    expect(text).toContain('cometbft_p2p_peers_stopped_for_error_total{code="PONG_TIMEOUT"} 1');
    expect(text).toMatch(/cometbft_node_event_loop_delay_seconds\{quantile="0.99"\} [\d.e-]+/);
  });

  it('are served on /metrics; other paths are 404', async () => {
    metrics = new NodeMetrics('custom');
    server = await startMetricsServer(metrics, { host: '127.0.0.1', port: 0 }, 3);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('custom_p2p_peers');
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  });
});
