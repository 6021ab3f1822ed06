import { randomUUID } from 'node:crypto';

/**
 * A name no other test run uses: topics, groups, elections and SKU codes live on servers that
 * every run shares, so anything a test creates must never collide across runs.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
