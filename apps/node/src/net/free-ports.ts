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

/**
 * Ports handed out stay out of the kernel's ephemeral range (32768–60999 on
 * Linux): a port picked there can be taken a moment later by the local end of
 * some outgoing connection, which made "free" ports collide under load.
 */
const PICK_FROM = 20000;
const PICK_TO = 32000;
const handedOut = new Set<number>();

/** A port free now, never handed out before by this process. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PICK_FROM + Math.floor(Math.random() * (PICK_TO - PICK_FROM));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`no free port found on ${host} in ${PICK_FROM}-${PICK_TO}`);
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
