/** Finding free TCP ports on 127.0.0.1 by briefly binding them. */
import { createServer } from 'node:net';

/** True if 127.0.0.1:port can be bound right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS picks as free now (bind port 0, read it, release it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The first base ≥ `preferred` (stepping by `size`) whose `size` consecutive ports are all free. */
export async function findFreePortBlock(preferred: number, size: number, attempts = 50): Promise<number> {
  let base = preferred;
  for (let i = 0; i < attempts; i++) {
    if (base + size > 65535) base = 20000 + ((base * 7) % 30000);
    const checks = await Promise.all(Array.from({ length: size }, (_, k) => isPortFree(base + k)));
    if (checks.every(Boolean)) return base;
    base += size;
  }
  throw new Error(`no block of ${size} free ports found from ${preferred}`);
}
