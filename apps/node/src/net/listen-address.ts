/**
 * Listen addresses as config.toml writes them: "tcp://0.0.0.0:26656",
 * "127.0.0.1:26657", ":26660" (all interfaces). Only TCP is served here.
 */
import { ListenError } from '../errors.js';

export interface HostPort {
  host: string;
  port: number;
}

export function parseListenAddress(text: string, key: string): HostPort {
  let rest = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(rest);
  if (scheme) {
    if (scheme[1] !== 'tcp') throw new ListenError(`${key}: only tcp:// addresses are supported, got ${JSON.stringify(text)}`);
    rest = rest.slice(scheme[0].length);
  }
  const colon = rest.lastIndexOf(':');
  if (colon < 0) throw new ListenError(`${key}: expected host:port, got ${JSON.stringify(text)}`);
  let host = rest.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = Number(rest.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ListenError(`${key}: port must be 0..65535, got ${JSON.stringify(text)}`);
  }
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** "tcp://host:port" for an address a server actually bound. */
export function formatTcpAddress(host: string, port: number): string {
  return `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
