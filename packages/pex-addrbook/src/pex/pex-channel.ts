/** The PEX channel (mconnection.md §4) and its two messages (pex.md §1). */
import { PexMessage, type NetAddress } from '@cometts/types';
import type { ReactorChannel } from '@cometts/switch';

export const PEX_CHANNEL = 0x00;

/** Priority 1, 10 queued messages, at most 64000 bytes (256 bytes × 250 addresses). */
export const PEX_CHANNEL_DESCRIPTOR: ReactorChannel<PexMessage> = {
  id: PEX_CHANNEL,
  priority: 1,
  sendQueueCapacity: 10,
  recvBufferCapacity: 4096,
  recvMessageCapacity: 64000,
  codec: PexMessage,
};

export const pexRequestMessage = (): PexMessage => ({ case: 'pexRequest', value: {} });

export const pexAddrsMessage = (addrs: readonly NetAddress[]): PexMessage => ({
  case: 'pexAddrs',
  value: { addrs: addrs.map((a) => a.toProto()) },
});
