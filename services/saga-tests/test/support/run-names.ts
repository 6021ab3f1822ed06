/** `prefix-<runId>-<n>`: an id unique to this run, for SKUs, wallets and partners. */
export function runScopedName(runId: string, prefix: string, n?: number): string {
  const base = `${prefix}-${runId.replaceAll('_', '-')}`;
  return n === undefined ? base : `${base}-${n}`;
}
