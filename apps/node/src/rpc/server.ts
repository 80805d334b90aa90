/**
 * CometBFT's JSON-RPC server over node:http (rpc.md §1): JSON-RPC POST on
 * "/", URI GET on "/<method>", an HTML list of routes on "/", plain 404
 * elsewhere. Every response carries X-Server-Time; JSON ones are
 * application/json.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger.js';
import { handleJsonRpcBody, handleUriRequest, routeListHtml, type RouteTable } from './dispatch.js';
import { RpcError, RPC_INVALID_REQUEST, errorResponse } from './json-rpc.js';
import { parseListenAddress } from '../net/listen-address.js';

export interface RpcServerOptions {
  /** `rpc.laddr`: one address or a comma list; tcp:// or unix://. */
  laddr: string;
  maxOpenConnections: number;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxRequestBatchSize: number;
  corsAllowedOrigins: string[];
  corsAllowedMethods: string[];
  corsAllowedHeaders: string[];
  logger: Logger;
}

export interface RpcServer {
  /** "tcp://host:port" (actual port) or "unix://path" of each listener. */
  readonly addresses: string[];
  close(): Promise<void>;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, JSON_TYPE).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (limit > 0 && size > limit) {
        reject(new RpcError(RPC_INVALID_REQUEST, `error reading request body: http: request body too large`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** An allowed origin may hold one `*` wildcard ("https://*.example.com"). */
function originMatches(pattern: string, origin: string): boolean {
  if (pattern === '*' || pattern === origin) return true;
  const star = pattern.indexOf('*');
  if (star < 0) return false;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return origin.length >= prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix);
}

/** Adds CORS headers when configured; true when the request was a preflight to answer at once. */
function applyCors(req: IncomingMessage, res: ServerResponse, options: RpcServerOptions): boolean {
  const origins = options.corsAllowedOrigins;
  const origin = req.headers.origin;
  if (origins.length === 0 || origin === undefined) return false;
  if (!origins.some((o) => originMatches(o, origin))) return false;
  res.setHeader('Access-Control-Allow-Origin', origins.includes('*') ? '*' : origin);
  res.setHeader('Access-Control-Allow-Methods', options.corsAllowedMethods.join(', '));
  res.setHeader('Access-Control-Allow-Headers', options.corsAllowedHeaders.join(', '));
  return req.method === 'OPTIONS';
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: RouteTable, options: RpcServerOptions): Promise<void> {
  res.setHeader('X-Server-Time', String(Math.floor(Date.now() / 1000)));
  if (applyCors(req, res, options)) {
    res.writeHead(204).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const host = req.headers.host ?? 'localhost';
  if (url.pathname === '/') {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(routeListHtml(routes, host));
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (err) {
      const error = err instanceof RpcError ? err : new RpcError(RPC_INVALID_REQUEST, (err as Error).message);
      writeJson(res, 400, errorResponse(undefined, error));
      return;
    }
    if (body.length === 0) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(routeListHtml(routes, host));
      return;
    }
    const { status, payload, headers } = await handleJsonRpcBody(routes, body, options.maxRequestBatchSize);
    if (payload === undefined) res.writeHead(status, headers).end();
    else res.writeHead(status, { ...JSON_TYPE, ...headers }).end(JSON.stringify(payload));
    return;
  }
  const method = url.pathname.slice(1);
  if (!Object.hasOwn(routes, method)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    return;
  }
  // `/<method>` also takes POST with form-encoded params (merged with the query).
  const params = new URLSearchParams(url.searchParams);
  if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (err) {
      const error = err instanceof RpcError ? err : new RpcError(RPC_INVALID_REQUEST, (err as Error).message);
      writeJson(res, 400, errorResponse(-1, error));
      return;
    }
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  const { status, payload, headers } = await handleUriRequest(routes, method, params);
  res.writeHead(status, { ...JSON_TYPE, ...headers }).end(JSON.stringify(payload));
}

function listen(server: Server, address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      server.off('error', reject);
      const bound = server.address();
      resolve(typeof bound === 'string' ? `unix://${bound}` : `tcp://${(bound as AddressInfo).address}:${(bound as AddressInfo).port}`);
    };
    if (address.startsWith('unix://')) server.listen(address.slice('unix://'.length), done);
    else {
      const { host, port } = parseListenAddress(address, 'rpc.laddr');
      server.listen(port, host, done);
    }
  });
}

export async function startRpcServer(routes: RouteTable, options: RpcServerOptions): Promise<RpcServer> {
  const servers: Server[] = [];
  const addresses: string[] = [];
  const close = () =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    ).then(() => undefined);
  try {
    for (const laddr of options.laddr.split(',').map((a) => a.trim()).filter((a) => a !== '')) {
      const server = createServer({ maxHeaderSize: options.maxHeaderBytes }, (req, res) => {
        handle(req, res, routes, options).catch((err: unknown) => {
          options.logger.error('RPC request failed', { err: err as Error });
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end();
        });
      });
      server.requestTimeout = 10_000;
      if (options.maxOpenConnections > 0) server.maxConnections = options.maxOpenConnections;
      servers.push(server);
      addresses.push(await listen(server, laddr));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { addresses, close };
}
