import { describe, expect, it } from 'vitest';
import { EventInvalidError } from '../errors/index.js';
import { DeadLetterHeader } from '../kafka/headers.js';
import { deadLetterHeaders } from './dead-letter-publisher.js';

describe('dead-letter headers', () => {
  const message = {
    key: Buffer.from('w-1'),
    value: Buffer.from('{}'),
    offset: '41',
    headers: {
      traceparent: Buffer.from('00-trace'),
      'event-type': Buffer.from('payment.requested'),
    },
  };

  it('keep the original headers and add reason, error, code, attempts, consumer and origin', () => {
    const error = new EventInvalidError('payment.requested', [
      { path: 'amount', message: 'too small' },
    ]);
    const headers = deadLetterHeaders(
      {
        topic: 'payments',
        partition: 2,
        message,
        reason: 'invalid',
        error,
        attempts: 0,
        consumer: 'billing',
      },
      new Date('2025-01-01T00:00:00.000Z'),
    );
    expect(headers).toEqual({
      ...message.headers,
      [DeadLetterHeader.reason]: 'invalid',
      [DeadLetterHeader.error]: error.message,
      [DeadLetterHeader.errorCode]: 'EVENT_INVALID',
      [DeadLetterHeader.attempts]: '0',
      [DeadLetterHeader.consumer]: 'billing',
      [DeadLetterHeader.originalTopic]: 'payments',
      [DeadLetterHeader.originalPartition]: '2',
      [DeadLetterHeader.originalOffset]: '41',
      [DeadLetterHeader.failedAt]: '2025-01-01T00:00:00.000Z',
    });
  });

  it('omit the code for errors without one and cut very long messages short', () => {
    const headers = deadLetterHeaders({
      topic: 'payments',
      partition: 0,
      message,
      reason: 'handler-failed',
      error: new Error('x'.repeat(10_000)),
      attempts: 5,
      consumer: 'billing',
    });
    expect(headers[DeadLetterHeader.errorCode]).toBeUndefined();
    expect(String(headers[DeadLetterHeader.error]).length).toBe(2_000);
    expect(headers[DeadLetterHeader.attempts]).toBe('5');
  });
});
