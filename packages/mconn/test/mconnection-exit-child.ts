/**
 * Child process for the lifecycle test: runs two MConnections with default
 * timers over loopback TCP, stops them, and must then exit on its own (any
 * timer or listener left behind would keep it alive).
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { MConnection } from '../src/index.js';

const channels = [
  { id: 0x20, priority: 6, sendQueueCapacity: 1 },
  { id: 0x40, priority: 5, sendQueueCapacity: 10 },
];
const server = createServer();
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const accepted = once(server, 'connection') as Promise<[Socket]>;
const client = connect((server.address() as { port: number }).port, '127.0.0.1');
await once(client, 'connect');
const [socket] = await accepted;

let received = 0;
const errors: Error[] = [];
const left = new MConnection(client, channels, { onReceive: () => {}, onError: (e) => errors.push(e) });
const right = new MConnection(socket, channels, { onReceive: () => void received++, onError: (e) => errors.push(e) });
left.start();
right.start();
for (let i = 0; i < 5; i++) await left.send(0x40, new Uint8Array(5000));
// one send() left waiting for room (its 10 s timer must be released by stop)
left.trySend(0x20, new Uint8Array(10));
left.trySend(0x20, new Uint8Array(10));
const waiting = left.send(0x20, new Uint8Array(10));
await left.stop({ graceful: true });
const waited = await waiting;
while (right.isRunning) await new Promise((r) => setTimeout(r, 5));
await right.stop();
server.close();
process.stdout.write(JSON.stringify({ received, waited, errors: errors.map((e) => e.name) }) + '\n');
