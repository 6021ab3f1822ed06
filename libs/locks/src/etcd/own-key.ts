import type { ComparatorBuilder, Etcd3 } from 'etcd3';
import { LockInvalidArgumentError } from '../errors/index.js';
import type { Lease } from '../lock.js';

/**
 * What a guarded transaction compares to prove a lease still holds: the holder's key still
 * exists with the create revision it had when granted. Use it as
 * `client.if(key, 'Create', '==', createRevision).then(write)`; the write is applied only while
 * the lock is held, whatever the holder's clock or pauses say.
 */
export interface EtcdOwnership {
  /** The holder's key, absolute (no etcd3 namespace applied). */
  key: string;
  /** The key's create revision (decimal), equal to the lease's fencing token. */
  createRevision: string;
}

/** The ownership compare of an etcd lease; LockInvalidArgumentError for leases of other backends. */
export function ownershipOf(lease: Lease): EtcdOwnership {
  if (lease.tokenKind !== 'etcd-create-revision' || lease.fencingToken === null) {
    throw new LockInvalidArgumentError(`lease on "${lease.resource}" is not an etcd lease`);
  }
  return { key: lease.ownerId, createRevision: lease.fencingToken.toString() };
}

/** Starts a transaction on `client` that succeeds only while `lease` still owns its key. */
export function guardedBy(client: Etcd3, lease: Lease): ComparatorBuilder {
  const { key, createRevision } = ownershipOf(lease);
  return client.if(key, 'Create', '==', createRevision);
}

/**
 * Deletes `key` only if it is still the key created at `createRevision` (or, with null, whatever
 * is there: used when a create's outcome is unknown and the key is ours by name). Resolves once
 * etcd confirmed the key is no longer ours; never deletes another holder's key.
 */
export async function deleteOwnKey(
  client: Etcd3,
  key: string,
  createRevision: bigint | null,
): Promise<void> {
  if (createRevision === null) {
    await client.delete().key(key).exec();
    return;
  }
  await client
    .if(key, 'Create', '==', createRevision.toString())
    .then(client.delete().key(key))
    .commit();
}
