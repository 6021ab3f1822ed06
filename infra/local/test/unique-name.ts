import { randomUUID } from 'node:crypto';

// A twin of @lockstep/testkit's uniqueName, kept here because testkit depends on this package
// (for the local topology): infra-local's tests cannot import it without a dependency cycle.

/** A name no other test run uses, so tests never share keys, nodes, topics or tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
