import { createRequire } from 'node:module';
import { localTopology } from '@lockstep/infra-local';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaClient, silentLogger } from '../src/index.ts';
import { fixedKafkajsVersion } from '../src/kafka/request-queue-fix.ts';

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { checkPendingRequests(): void };
};

/** Counts request-queue checks on every kafkajs connection of this process. */
function countChecks(): { readonly count: number; restore(): void } {
  const original = RequestQueue.prototype.checkPendingRequests;
  const counter = {
    count: 0,
    restore: () => {
      RequestQueue.prototype.checkPendingRequests = original;
    },
  };
  RequestQueue.prototype.checkPendingRequests = function counted(this: unknown) {
    counter.count += 1;
    original.call(this);
  };
  return counter;
}

describe('kafkajs request queue', () => {
  const kafka = createKafkaClient({
    clientId: 'events-request-queue-test',
    brokers: [localTopology().kafka],
    sasl: localTopology().kafkaSasl,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  afterAll(() => admin.disconnect());

  it('the installed kafkajs is the release the fix is written for (re-check the fix on upgrade)', () => {
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(
      fixedKafkajsVersion,
    );
  });

  it('an idle connection of a client made by createKafkaClient stops checking its empty queue', async () => {
    await admin.connect();
    await admin.listTopics();
    const checks = countChecks();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      checks.restore();
    }
    // Unfixed, each connection re-checks its empty queue on a ~1 ms timer: hundreds a second.
    expect(checks.count).toBeLessThan(20);
    // And the connection still works.
    expect(Array.isArray(await admin.listTopics())).toBe(true);
  });
});
