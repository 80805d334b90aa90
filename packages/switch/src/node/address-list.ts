/**
 * Comma-separated `id@host:port` lists (persistent_peers, seeds). As in
 * CometBFT, an entry whose host name does not resolve is skipped (and
 * reported); any other malformed entry is an error.
 */
import { NetAddress, NetAddressLookupError } from '@cometts/types';

export interface AddressList {
  addresses: NetAddress[];
  /** Entries skipped because DNS could not resolve their host. */
  unresolved: { entry: string; error: NetAddressLookupError }[];
}

export async function parseAddressList(text: string, resolver?: (host: string) => Promise<string>): Promise<AddressList> {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const result: AddressList = { addresses: [], unresolved: [] };
  const parsed = await Promise.all(
    entries.map(async (entry) => {
      try {
        return { entry, address: await NetAddress.resolve(entry, resolver), error: undefined };
      } catch (error) {
        if (error instanceof NetAddressLookupError) return { entry, address: undefined, error };
        throw error;
      }
    }),
  );
  for (const item of parsed) {
    if (item.address) result.addresses.push(item.address);
    else if (item.error) result.unresolved.push({ entry: item.entry, error: item.error });
  }
  return result;
}
