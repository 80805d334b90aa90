/**
 * The version handshake message (tendermint.p2p.DefaultNodeInfo) exchanged
 * right after the SecretConnection handshake. The rules are CometBFT's
 * `DefaultNodeInfo.Validate()` checks that need no I/O; the listen address
 * (which may need DNS) and compatibility are checked by @cometts/switch.
 */
import { f, message, type Infer } from '../proto/index.js';

/** p2p protocol version spoken by CometBFT v0.38. */
export const P2P_PROTOCOL_VERSION = 8n;
/** Block protocol version of CometBFT v0.38 (and v1). */
export const BLOCK_PROTOCOL_VERSION = 11n;
/** Largest DefaultNodeInfo a peer may send (its length prefix is checked first). */
export const MAX_NODE_INFO_SIZE = 10240;
/** At most this many channel bytes may be advertised. */
export const MAX_NODE_INFO_CHANNELS = 16;

export const ProtocolVersion = message('ProtocolVersion', {
  p2p: f.uint64(1),
  block: f.uint64(2),
  app: f.uint64(3),
});
export type ProtocolVersion = Infer<typeof ProtocolVersion>;

export const DefaultNodeInfoOther = message('DefaultNodeInfoOther', {
  txIndex: f.string(1),
  rpcAddress: f.string(2),
});
export type DefaultNodeInfoOther = Infer<typeof DefaultNodeInfoOther>;

/** Every character is printable ASCII (32..126): CometBFT's IsASCIIText, without its empty check. */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** Printable ASCII with at least one character that is not a space. */
function isAsciiText(text: string): boolean {
  return text.length > 0 && isPrintableAscii(text) && text.replaceAll(' ', '').length > 0;
}

const NODE_ID_PATTERN = /^[0-9a-fA-F]{40}$/;

function hasUniqueChannels(channels: Uint8Array): boolean {
  const seen = new Set<number>();
  for (const ch of channels) {
    if (seen.has(ch)) return false;
    seen.add(ch);
  }
  return true;
}

export const DefaultNodeInfo = message(
  'DefaultNodeInfo',
  {
    protocolVersion: f.message(1, ProtocolVersion, { nn: true }),
    defaultNodeId: f.string(2),
    listenAddr: f.string(3),
    network: f.string(4),
    version: f.string(5),
    channels: f.bytes(6),
    moniker: f.string(7),
    other: f.message(8, DefaultNodeInfoOther, { nn: true }),
  },
  [
    ['node info id must be 40 hex characters (20 bytes)', (n) => NODE_ID_PATTERN.test(n.defaultNodeId), ['defaultNodeId']],
    ['node info listen_addr must not be empty', (n) => n.listenAddr.length > 0, ['listenAddr']],
    ['node info version must be empty or printable ASCII, not only spaces', (n) => n.version === '' || isAsciiText(n.version), ['version']],
    [`node info may list at most ${MAX_NODE_INFO_CHANNELS} channels`, (n) => n.channels.length <= MAX_NODE_INFO_CHANNELS, ['channels']],
    ['node info channels must be unique', (n) => hasUniqueChannels(n.channels), ['channels']],
    ['node info moniker must be printable ASCII, not empty or only spaces', (n) => isAsciiText(n.moniker), ['moniker']],
    ['node info tx_index must be "", "on" or "off"', (n) => ['', 'on', 'off'].includes(n.other.txIndex), ['other', 'txIndex']],
    [
      'node info rpc_address must be empty or printable ASCII, not only spaces',
      (n) => n.other.rpcAddress === '' || isAsciiText(n.other.rpcAddress),
      ['other', 'rpcAddress'],
    ],
  ],
);
export type DefaultNodeInfo = Infer<typeof DefaultNodeInfo>;
