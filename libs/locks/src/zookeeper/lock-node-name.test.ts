import { describe, expect, it } from 'vitest';
import { encodeResource, lockNodePrefix, parseLockNode, sortLockNodes } from './lock-node-name.ts';

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

describe('zookeeper lock node names', () => {
  it('parses the protection id and the sequence of a queue node', () => {
    const node = parseLockNode(`${lockNodePrefix(id(7))}0000000042`);
    expect(node).toEqual({
      name: `_c_${id(7)}-lock-0000000042`,
      protectionId: id(7),
      sequence: 42,
    });
  });

  it('ignores children that are not queue nodes', () => {
    expect(parseLockNode('lock-0000000001')).toBeNull();
    expect(parseLockNode(`_c_${id(1)}-lock-`)).toBeNull();
  });

  it('orders the queue by sequence suffix, not by whole name (random ids would break FIFO)', () => {
    const children = [
      `_c_${id(1)}-lock-0000000003`,
      `_c_${id(9)}-lock-0000000001`,
      'stray',
      `_c_${id(5)}-lock-0000000002`,
      `_c_${id(2)}-lock-0000000010`,
    ];
    expect(sortLockNodes(children).map((node) => node.sequence)).toEqual([1, 2, 3, 10]);
  });

  it('encodes a resource into one valid node name, keeping readable characters', () => {
    expect(encodeResource('sku:42')).toBe('sku:42');
    expect(encodeResource('a/b c%')).toBe('a%2Fb%20c%25');
    expect(encodeResource('é\u0001')).toBe('%C3%A9%01');
    expect(encodeResource('..')).toBe('%2E%2E');
    expect(encodeResource('.')).toBe('%2E');
  });

  it('never maps two resources to the same node name', () => {
    const resources = ['a/b', 'a%2Fb', 'a%252Fb', '.', '%2E', '..', 'a b', 'a+b'];
    const names = new Set(resources.map(encodeResource));
    expect(names.size).toBe(resources.length);
  });
});
