/**
 * JSON-RPC 2.0 shapes and the error codes CometBFT's RPC server uses
 * (rpc.md §1): responses are `{"jsonrpc":"2.0","id":…,"result"|"error":…}`,
 * `id` omitted when unknown, `error.data` omitted when empty.
 */
import { CometError } from '@cometts/types';

export type RpcId = string | number;

export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
export const RPC_SERVER_ERROR = -32000;

const MESSAGES: Record<number, string> = {
  [RPC_PARSE_ERROR]: 'Parse error. Invalid JSON',
  [RPC_INVALID_REQUEST]: 'Invalid Request',
  [RPC_METHOD_NOT_FOUND]: 'Method not found',
  [RPC_INVALID_PARAMS]: 'Invalid params',
  [RPC_INTERNAL_ERROR]: 'Internal error',
  [RPC_SERVER_ERROR]: 'Server error',
};

/** A JSON-RPC error response, thrown by the server's layers and routes. */
export class RpcError extends CometError {
  readonly code = 'RPC_ERROR';
  /** The JSON-RPC `error.message` for this code. */
  readonly rpcMessage: string;
  constructor(
    readonly rpcCode: number,
    readonly data?: string,
  ) {
    super(`${MESSAGES[rpcCode] ?? 'Server error'}${data ? `: ${data}` : ''}`);
    this.rpcMessage = MESSAGES[rpcCode] ?? 'Server error';
  }
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: string;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id?: RpcId; result: unknown }
  | { jsonrpc: '2.0'; id?: RpcId; error: RpcErrorBody };

export function successResponse(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: RpcId | undefined, error: RpcError): RpcResponse {
  const body: RpcErrorBody = { code: error.rpcCode, message: error.rpcMessage };
  if (error.data) body.data = error.data;
  return id === undefined ? { jsonrpc: '2.0', error: body } : { jsonrpc: '2.0', id, error: body };
}

/** Any error a route throws becomes -32603 with its message as data. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  return new RpcError(RPC_INTERNAL_ERROR, err instanceof Error ? err.message : String(err));
}

export interface ParsedRequest {
  /** undefined for a notification (no id, or id null): not executed, no response. */
  id: RpcId | undefined;
  method: string;
  params: unknown;
}

/** Checks one request object; a bad id type is a parse error as in CometBFT. */
export function parseRequestObject(value: unknown): ParsedRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RpcError(RPC_PARSE_ERROR, 'error unmarshaling request: expected a JSON object');
  }
  const obj = value as Record<string, unknown>;
  let id: RpcId | undefined;
  if (typeof obj.id === 'string') id = obj.id;
  else if (typeof obj.id === 'number') id = Math.trunc(obj.id);
  else if (obj.id !== undefined && obj.id !== null) {
    throw new RpcError(RPC_PARSE_ERROR, `error unmarshaling request: invalid id type ${typeof obj.id}`);
  }
  if (obj.method !== undefined && typeof obj.method !== 'string') {
    throw new RpcError(RPC_PARSE_ERROR, 'error unmarshaling request: method must be a string');
  }
  return { id, method: (obj.method as string | undefined) ?? '', params: obj.params };
}
