import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventCatalog } from '../definitions/event-catalog.js';
import { defineEvent } from '../definitions/event-definition.js';
import { createEnvelope } from '../definitions/event-envelope.js';
import { EventErrorCode, EventInvalidError } from '../errors/index.js';
import { decodeEvent, encodeEvent } from './event-codec.js';
import { EventHeader } from './headers.js';

const paymentRequested = defineEvent({
  type: 'payment.requested',
  version: 1,
  topic: 'payments',
  key: (payload) => payload.walletId,
  schema: z.object({ walletId: z.string(), amount: z.number().int().positive() }),
});
const catalog = new EventCatalog([paymentRequested]);

/** What a consumer receives: values and headers as Buffers. */
function received(value: string | null, headers: Record<string, string> = {}) {
  const buffers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
  return { value: value === null ? null : Buffer.from(value), headers: buffers };
}

describe('event codec', () => {
  it('encodes the key, the envelope as JSON and the event headers, and decodes it back', () => {
    const envelope = createEnvelope(paymentRequested, { walletId: 'w-9', amount: 3 });
    const message = encodeEvent(envelope, { traceparent: 'tp' });
    expect(message.key).toBe('w-9');
    expect(message.headers).toEqual({
      traceparent: 'tp',
      [EventHeader.type]: 'payment.requested',
      [EventHeader.version]: '1',
      [EventHeader.id]: envelope.id,
    });
    const decoded = decodeEvent(received(String(message.value)), catalog);
    expect(decoded.event).toEqual(envelope);
    expect(decoded.definition).toBe(paymentRequested);
  });

  it('rejects a value that is not JSON with EVENT_MALFORMED', () => {
    expect(() => decodeEvent(received('{not json'), catalog)).toThrow(
      expect.objectContaining({ code: EventErrorCode.Malformed }),
    );
  });

  it('rejects a message without a value with EVENT_MALFORMED', () => {
    expect(() => decodeEvent(received(null), catalog)).toThrow(
      expect.objectContaining({ code: EventErrorCode.Malformed }),
    );
  });

  it('rejects JSON that is not an envelope with EVENT_MALFORMED', () => {
    expect(() => decodeEvent(received('{"hello":"world"}'), catalog)).toThrow(
      expect.objectContaining({ code: EventErrorCode.Malformed }),
    );
  });

  it('rejects an envelope of an unknown version with EVENT_UNKNOWN_TYPE', () => {
    const envelope = {
      ...createEnvelope(paymentRequested, { walletId: 'w', amount: 1 }),
      version: 9,
    };
    expect(() => decodeEvent(received(JSON.stringify(envelope)), catalog)).toThrow(
      expect.objectContaining({ code: EventErrorCode.UnknownType }),
    );
  });

  it('rejects a payload failing its schema with EventInvalidError (EVENT_INVALID)', () => {
    const envelope = createEnvelope(paymentRequested, { walletId: 'w', amount: 1 });
    const tampered = JSON.stringify({ ...envelope, payload: { walletId: 'w', amount: 'lots' } });
    let caught: unknown;
    try {
      decodeEvent(received(tampered), catalog);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventInvalidError);
    expect((caught as EventInvalidError).code).toBe(EventErrorCode.Invalid);
    expect((caught as EventInvalidError).issues[0]?.path).toBe('amount');
  });
});
