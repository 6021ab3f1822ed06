import { randomUUID } from 'node:crypto';

/** A name no other test run uses, so tests never share keys, nodes, topics or tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
