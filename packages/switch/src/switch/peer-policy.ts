/** Which peer IDs are persistent (with the address to redial), unconditional or private. */
import { validateNodeId, type NetAddress, type NodeId } from '@cometts/types';

export class PeerPolicy {
  private readonly persistent = new Map<NodeId, NetAddress>();
  private readonly unconditional = new Set<NodeId>();
  private readonly privateIds = new Set<NodeId>();

  /** Throws InvalidNodeIdError for an address without a valid ID. */
  addPersistent(addresses: readonly NetAddress[]): void {
    for (const address of addresses) this.persistent.set(validateNodeId(address.id), address);
  }

  addUnconditional(ids: readonly NodeId[]): void {
    for (const id of ids) this.unconditional.add(validateNodeId(id));
  }

  addPrivate(ids: readonly NodeId[]): void {
    for (const id of ids) this.privateIds.add(validateNodeId(id));
  }

  isPersistent(id: NodeId): boolean {
    return this.persistent.has(id);
  }

  persistentAddress(id: NodeId): NetAddress | undefined {
    return this.persistent.get(id);
  }

  persistentAddresses(): NetAddress[] {
    return [...this.persistent.values()];
  }

  isUnconditional(id: NodeId): boolean {
    return this.unconditional.has(id);
  }

  get unconditionalCount(): number {
    return this.unconditional.size;
  }

  isPrivate(id: NodeId): boolean {
    return this.privateIds.has(id);
  }

  privateIdList(): NodeId[] {
    return [...this.privateIds];
  }
}
