import { describe, expect, it } from 'vitest';
import { headerText } from './headers.js';
import { kafkaHeaderGetter } from './trace-headers.js';

describe('Kafka headers', () => {
  it('headerText reads a Buffer, a string or the first of repeated values as text', () => {
    const headers = { a: Buffer.from('one'), b: 'two', c: [Buffer.from('x'), Buffer.from('y')] };
    expect(headerText(headers, 'a')).toBe('one');
    expect(headerText(headers, 'b')).toBe('two');
    expect(headerText(headers, 'c')).toBe('x');
    expect(headerText(headers, 'missing')).toBeUndefined();
    expect(headerText(undefined, 'a')).toBeUndefined();
  });

  it('the propagation getter turns kafkajs Buffers into the strings propagators expect', () => {
    const headers = { traceparent: Buffer.from('00-abc'), multi: [Buffer.from('1'), '2'] };
    expect(kafkaHeaderGetter.get(headers, 'traceparent')).toBe('00-abc');
    expect(kafkaHeaderGetter.get(headers, 'multi')).toEqual(['1', '2']);
    expect(kafkaHeaderGetter.get(headers, 'absent')).toBeUndefined();
    expect(kafkaHeaderGetter.keys(headers)).toEqual(['traceparent', 'multi']);
  });
});
