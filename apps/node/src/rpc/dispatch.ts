/**
 * Routing JSON-RPC and URI requests to route handlers, with CometBFT's
 * status codes: POST errors are HTTP 200 except a parse error (500); URI
 * errors are 500, an unknown method 404.
 */
import {
  errorResponse,
  parseRequestObject,
  RpcError,
  RPC_INVALID_REQUEST,
  RPC_METHOD_NOT_FOUND,
  RPC_PARSE_ERROR,
  successResponse,
  toRpcError,
  type RpcResponse,
} from './json-rpc.js';
import { decodeJsonParams, decodeUriParams, type ParamSpec, type RouteArgs } from './params.js';

export interface RpcRoute {
  params: readonly ParamSpec[];
  handler(args: RouteArgs): unknown;
  /** Cacheable responses get `Cache-Control: public, max-age=86400`. */
  cacheable?: (args: RouteArgs) => boolean;
  /** Only callable over WebSocket (subscribe…): "Method not found" over HTTP. */
  wsOnly?: boolean;
}

export type RouteTable = Record<string, RpcRoute>;

export interface HttpReply {
  status: number;
  /** undefined: no body (only notifications were sent). */
  payload: RpcResponse | RpcResponse[] | undefined;
  headers: Record<string, string>;
}

const CACHE_HEADERS = { 'Cache-Control': 'public, max-age=86400' };

async function call(route: RpcRoute, args: RouteArgs): Promise<unknown> {
  return await route.handler(args);
}

export async function handleJsonRpcBody(routes: RouteTable, body: Buffer, maxBatch: number): Promise<HttpReply> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    const error = new RpcError(RPC_PARSE_ERROR, `error unmarshaling request: ${(err as Error).message}`);
    return { status: 500, payload: errorResponse(undefined, error), headers: {} };
  }
  const items = Array.isArray(json) ? json : [json];
  if (Array.isArray(json) && maxBatch > 0 && items.length > maxBatch) {
    const error = new RpcError(RPC_INVALID_REQUEST, `batch request exceeds maximum (${maxBatch}) allowed number of requests`);
    return { status: 200, payload: errorResponse(undefined, error), headers: {} };
  }
  const responses: RpcResponse[] = [];
  let allCacheable = items.length > 0;
  for (const item of items) {
    let request;
    try {
      request = parseRequestObject(item);
    } catch (err) {
      // A malformed request in the body makes the whole body a parse error, as in CometBFT.
      return { status: 500, payload: errorResponse(undefined, toRpcError(err)), headers: {} };
    }
    if (request.id === undefined) continue; // notification: not executed
    const route = Object.hasOwn(routes, request.method) ? routes[request.method] : undefined;
    if (route === undefined || route.wsOnly) {
      allCacheable = false;
      responses.push(errorResponse(request.id, new RpcError(RPC_METHOD_NOT_FOUND)));
      continue;
    }
    try {
      const args = decodeJsonParams(route.params, request.params);
      const result = await call(route, args);
      responses.push(successResponse(request.id, result));
      if (!route.cacheable?.(args)) allCacheable = false;
    } catch (err) {
      allCacheable = false;
      responses.push(errorResponse(request.id, toRpcError(err)));
    }
  }
  const headers = allCacheable && responses.length > 0 ? CACHE_HEADERS : {};
  if (responses.length === 0) return { status: 200, payload: undefined, headers };
  return { status: 200, payload: responses.length === 1 ? responses[0] : responses, headers };
}

export async function handleUriRequest(routes: RouteTable, method: string, query: URLSearchParams): Promise<HttpReply> {
  const route = routes[method]!;
  if (route.wsOnly) return { status: 404, payload: errorResponse(-1, new RpcError(RPC_METHOD_NOT_FOUND)), headers: {} };
  let args: RouteArgs;
  try {
    args = decodeUriParams(route.params, query);
  } catch (err) {
    return { status: 500, payload: errorResponse(-1, toRpcError(err)), headers: {} };
  }
  try {
    const result = await call(route, args);
    return { status: 200, payload: successResponse(-1, result), headers: route.cacheable?.(args) ? CACHE_HEADERS : {} };
  } catch (err) {
    return { status: 500, payload: errorResponse(-1, toRpcError(err)), headers: {} };
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML page listing every route, as CometBFT serves on GET /. */
export function routeListHtml(routes: RouteTable, host: string): string {
  const names = Object.keys(routes).sort();
  const link = (path: string) => `<a href="//${escapeHtml(host)}/${escapeHtml(path)}">//${escapeHtml(host)}/${escapeHtml(path)}</a></br>`;
  const noArgs = names.filter((n) => routes[n]!.params.length === 0).map(link);
  const withArgs = names
    .filter((n) => routes[n]!.params.length > 0)
    .map((n) => link(`${n}?${routes[n]!.params.map((p) => `${p.name}=_`).join('&')}`));
  return `<html><body><br>Available endpoints:<br>${noArgs.join('')}<br>Endpoints that require arguments:<br>${withArgs.join('')}</body></html>`;
}
