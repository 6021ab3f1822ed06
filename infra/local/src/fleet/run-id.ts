import { randomBytes } from 'node:crypto';

/**
 * Names one fleet run: short, lower-case, unique across processes sharing the local stack
 * (pid plus random), usable in database names, consumer groups and election names.
 */
export function newRunId(): string {
  return `${process.pid}_${randomBytes(3).toString('hex')}`;
}
