import { describe } from 'vitest';
import { badInputScenario } from './scenarios/bad-input.ts';
import { closingAuditScenario } from './scenarios/closing-audit.ts';
import { flashSaleScenario } from './scenarios/flash-sale.ts';
import { orderTraceScenario } from './scenarios/order-trace.ts';
import { replicaCrashScenario } from './scenarios/replica-crash.ts';
import { walletTheftScenario } from './scenarios/wallet-theft.ts';
import { useSagaDeployment } from './support/saga-context.ts';

/**
 * Issue 4's proof against real servers: inventory, payment and delivery-assignment as child
 * processes, two replicas each, on the local stack. One deployment for all scenarios (starting
 * six replicas is the slowest part), in this order: bad input while nothing else writes, one
 * order traced across the services (issue 6), an order spending another customer's wallet
 * (issue 15), the flash sale, replicas killed inside their critical sections, and the closing
 * audit.
 */
describe('the order saga end to end', () => {
  const context = useSagaDeployment({ scenario: 'order-saga' });
  badInputScenario(context);
  orderTraceScenario(context);
  walletTheftScenario(context);
  flashSaleScenario(context);
  replicaCrashScenario(context);
  closingAuditScenario(context);
});
