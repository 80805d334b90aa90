/**
 * The address book as the Switch (and the PEX reactor) see it; implemented by
 * @cometts/pex-addrbook. The Switch calls addAddress (dialPeersAsync, with
 * our address as source), addPrivateIds, addOurAddress/removeAddress (self
 * dials), markGood (markPeerAsGood) and save; markAttempt/markBad/hasAddress/
 * ourAddress are for dialers such as PEX.
 */
import type { NetAddress, NodeId } from '@cometts/types';

export interface AddrBookHook {
  addAddress(address: NetAddress, source: NetAddress): void;
  addPrivateIds(ids: readonly NodeId[]): void;
  addOurAddress(address: NetAddress): void;
  ourAddress(address: NetAddress): boolean;
  removeAddress(address: NetAddress): void;
  hasAddress(address: NetAddress): boolean;
  markGood(id: NodeId): void;
  markAttempt(address: NetAddress): void;
  markBad(address: NetAddress, banMs: number): void;
  save?(): void | Promise<void>;
}
