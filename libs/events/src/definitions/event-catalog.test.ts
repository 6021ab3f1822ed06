import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventErrorCode } from '../errors/index.js';
import { EventCatalog } from './event-catalog.js';
import { defineEvent } from './event-definition.js';

const requestedV1 = defineEvent({
  type: 'payment.requested',
  version: 1,
  topic: 'payments',
  key: (payload) => payload.walletId,
  schema: z.object({ walletId: z.string() }),
});
const requestedV2 = defineEvent({
  type: 'payment.requested',
  version: 2,
  topic: 'payments',
  key: (payload) => payload.wallet.id,
  schema: z.object({ wallet: z.object({ id: z.string() }) }),
});
const reserved = defineEvent({
  type: 'stock.reserved',
  version: 1,
  topic: 'inventory',
  key: (payload) => payload.sku,
  schema: z.object({ sku: z.string() }),
});

describe('EventCatalog', () => {
  it('resolves each (type, version) to its own definition', () => {
    const catalog = new EventCatalog([requestedV1, requestedV2, reserved]);
    expect(catalog.resolve('payment.requested', 1)).toBe(requestedV1);
    expect(catalog.resolve('payment.requested', 2)).toBe(requestedV2);
    expect(catalog.find('stock.reserved', 1)).toBe(reserved);
  });

  it('refuses a version it does not know with EVENT_UNKNOWN_TYPE', () => {
    const catalog = new EventCatalog([requestedV1]);
    expect(catalog.find('payment.requested', 2)).toBeUndefined();
    expect(() => catalog.resolve('payment.requested', 2)).toThrow(
      expect.objectContaining({ code: EventErrorCode.UnknownType }),
    );
  });

  it('refuses an unregistered type with EVENT_UNKNOWN_TYPE', () => {
    const catalog = new EventCatalog([requestedV1]);
    expect(() => catalog.resolve('payment.refunded', 1)).toThrow(
      expect.objectContaining({ code: EventErrorCode.UnknownType, eventType: 'payment.refunded' }),
    );
  });

  it('refuses the same (type, version) registered twice with EVENT_INVALID_ARGUMENT', () => {
    expect(() => new EventCatalog([requestedV1, requestedV1])).toThrow(
      expect.objectContaining({ code: EventErrorCode.InvalidArgument }),
    );
  });

  it('lists the distinct topics of all types, or of the types asked for', () => {
    const catalog = new EventCatalog([requestedV1, requestedV2, reserved]);
    expect(catalog.topics()).toEqual(['inventory', 'payments']);
    expect(catalog.topics(['payment.requested'])).toEqual(['payments']);
  });
});

describe('defineEvent', () => {
  const schema = z.object({ id: z.string() });
  const key = (payload: { id: string }) => payload.id;

  it('refuses a type that is not dotted lower-case words with EVENT_INVALID_ARGUMENT', () => {
    expect(() =>
      defineEvent({ type: 'PaymentRequested', version: 1, topic: 't', schema, key }),
    ).toThrow(expect.objectContaining({ code: EventErrorCode.InvalidArgument }));
  });

  it('refuses a version below 1 with EVENT_INVALID_ARGUMENT', () => {
    expect(() => defineEvent({ type: 'a.b', version: 0, topic: 't', schema, key })).toThrow(
      expect.objectContaining({ code: EventErrorCode.InvalidArgument }),
    );
  });

  it('refuses a dead-letter topic as an event topic with EVENT_INVALID_ARGUMENT', () => {
    expect(() =>
      defineEvent({ type: 'a.b', version: 1, topic: 'payments.dlq', schema, key }),
    ).toThrow(expect.objectContaining({ code: EventErrorCode.InvalidArgument }));
  });
});
