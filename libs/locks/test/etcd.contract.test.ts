import { localTopology } from '@lockstep/infra-local';
import { Etcd3 } from 'etcd3';
import { afterAll } from 'vitest';
import { EtcdLock } from '../src/etcd/index.ts';
import type { Lease } from '../src/index.ts';
import { describeLockContract } from './support/lock-contract.ts';

const endpoint = localTopology().etcd;
// A separate client plays "someone else": revoking the holder's lease is a real server-side loss.
const admin = new Etcd3({ hosts: endpoint });
afterAll(() => admin.close());

/**
 * Revokes the session lease behind `lease` (its id is the last segment of the owner key), which
 * deletes the key at once, then waits until the holder's session notices at its next keepalive
 * and fires the signal.
 */
async function revokeSession(lease: Lease): Promise<void> {
  const leaseIdHex = lease.ownerId.slice(lease.ownerId.lastIndexOf('/') + 1);
  await admin.leaseClient.leaseRevoke({ ID: BigInt(`0x${leaseIdHex}`).toString() });
  if (!lease.signal.aborted) {
    await new Promise((resolve) => lease.signal.addEventListener('abort', resolve, { once: true }));
  }
}

describeLockContract({
  name: 'etcd',
  create: async () => new EtcdLock({ endpoints: endpoint }),
  // etcd leases have whole seconds and a server minimum of 2 s with default raft timings.
  shortTtlMs: 2_000,
  loseLease: revokeSession,
});
