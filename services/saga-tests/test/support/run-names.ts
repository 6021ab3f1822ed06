import { randomBytes } from 'node:crypto';

/**
 * Names one test run: short, lower-case, unique across processes and machines sharing the
 * local stack (pid plus random), usable in database names, consumer groups, SKUs and ids.
 */
export function newRunId(): string {
  return `${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** `prefix-<runId>-<n>`: an id unique to this run, for SKUs, wallets and partners. */
export function runScopedName(runId: string, prefix: string, n?: number): string {
  const base = `${prefix}-${runId.replaceAll('_', '-')}`;
  return n === undefined ? base : `${base}-${n}`;
}
