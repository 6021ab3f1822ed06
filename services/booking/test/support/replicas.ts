import { paymentRefunded, settlementCurrency, Topics } from '@lockstep/contracts';
import { createEnvelope } from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { loadConfig } from '@lockstep/service-kit';
import { startTestDeployment, type TestDeployment, uniqueName } from '@lockstep/testkit';
import { type BookingService, bookingConfigSchema, startService } from '../../src/index.ts';

/** A test's booking deployment: testkit's, plus the admission semaphore its replicas share. */
export interface BookingDeployment extends TestDeployment<BookingService> {
  /** The admission semaphore the replicas share (unique per run). */
  readonly admissionSemaphore: string;
}

/**
 * Creates a database, starts `count` replicas on it one after the other and primes their group.
 * Besides testkit's names, the sweeper election and the admission semaphore are unique to the
 * run, so runs sharing the servers never meet; `env` overrides any key.
 */
export async function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<BookingDeployment> {
  const admissionSemaphore = uniqueName('booking-admission');
  const sweeperElection = uniqueName('booking-sweeper');
  const deployment = await startTestDeployment({
    service: 'booking',
    count,
    startReplica: (slot) =>
      startService(
        loadConfig(bookingConfigSchema, {
          ...slot.env,
          ETCD_ENDPOINTS: localTopology().etcd,
          SHUTDOWN_TIMEOUT_MS: '15000',
          SWEEPER_ELECTION: sweeperElection,
          ADMISSION_SEMAPHORE: admissionSemaphore,
          ...env,
        }),
        { host: '127.0.0.1' },
      ),
    // payment.refunded for an order: booking ignores other sagas' references without effect
    // but commits the offset.
    primer: {
      topic: Topics.paymentResults,
      primer: () => {
        const orderId = uniqueName('primer');
        return createEnvelope(paymentRefunded, {
          paymentId: orderId,
          walletId: 'wallet-primer',
          amountCents: 1,
          currency: settlementCurrency,
          reference: { kind: 'order', id: orderId },
        });
      },
    },
  });
  return { ...deployment, admissionSemaphore };
}
