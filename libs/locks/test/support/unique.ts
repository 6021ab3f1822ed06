import { randomUUID } from 'node:crypto';

/** A resource name no other test (or test run) uses. */
export function uniqueResource(prefix = 'test'): string {
  return `${prefix}:${randomUUID().slice(0, 12)}`;
}
