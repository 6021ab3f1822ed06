import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventErrorCode, EventInvalidError } from '../errors/index.js';
import { defineEvent } from './event-definition.js';
import { createEnvelope } from './event-envelope.js';

const paymentRequested = defineEvent({
  type: 'payment.requested',
  version: 1,
  topic: 'payments',
  key: (payload) => payload.walletId,
  schema: z.object({ walletId: z.string(), amount: z.number().int().positive() }),
});

describe('createEnvelope', () => {
  it('wraps a valid payload with a new uuid, the type, version, time and the derived key', () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    const envelope = createEnvelope(
      paymentRequested,
      { walletId: 'w-1', amount: 5 },
      { occurredAt: at },
    );
    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'payment.requested',
      version: 1,
      occurredAt: '2025-01-02T03:04:05.678Z',
      key: 'w-1',
      payload: { walletId: 'w-1', amount: 5 },
    });
  });

  it('keeps an id the caller chose, so a retried command produces the same event', () => {
    const id = '0b6f2a8e-6c1a-4e4b-9b1e-2f3c4d5e6f70';
    expect(createEnvelope(paymentRequested, { walletId: 'w', amount: 1 }, { id }).id).toBe(id);
  });

  it('refuses an invalid payload with EVENT_INVALID listing every issue by path', () => {
    let caught: unknown;
    try {
      createEnvelope(paymentRequested, { walletId: 7, amount: -1 } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventInvalidError);
    const error = caught as EventInvalidError;
    expect(error.code).toBe(EventErrorCode.Invalid);
    expect(error.eventType).toBe('payment.requested');
    expect(error.issues.map((issue) => issue.path)).toEqual(['walletId', 'amount']);
  });

  it('refuses an id that is not a uuid with EVENT_INVALID_ARGUMENT', () => {
    expect(() =>
      createEnvelope(paymentRequested, { walletId: 'w', amount: 1 }, { id: 'nope' }),
    ).toThrow(expect.objectContaining({ code: EventErrorCode.InvalidArgument }));
  });

  it('refuses a payload whose key comes out empty with EVENT_INVALID', () => {
    expect(() => createEnvelope(paymentRequested, { walletId: '', amount: 1 })).toThrow(
      expect.objectContaining({ code: EventErrorCode.Invalid }),
    );
  });
});
