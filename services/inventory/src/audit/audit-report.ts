/** One invariant checked against the database. */
export interface AuditCheck {
  /** What must hold, in words. */
  readonly name: string;
  /** True when no row violates it. */
  readonly ok: boolean;
  /** How many rows were checked and how many violate it. */
  readonly counts: { readonly checked: number; readonly violations: number };
  /** Up to ten violating rows, to start an investigation from. */
  readonly examples: readonly unknown[];
}

/** The outcome of every check; `ok` only when all pass. */
export interface AuditReport {
  readonly service: 'inventory';
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly checks: readonly AuditCheck[];
}

/** Lines for a terminal: one per check with pass/fail and counts. */
export function formatAuditReport(report: AuditReport): string {
  const lines = report.checks.map((check) => {
    const mark = check.ok ? 'PASS' : 'FAIL';
    const counts = `${check.counts.violations} violations in ${check.counts.checked} checked`;
    const example = check.ok ? '' : `\n       e.g. ${JSON.stringify(check.examples.slice(0, 3))}`;
    return `  ${mark}  ${check.name} (${counts})${example}`;
  });
  const verdict = report.ok ? 'audit clean' : 'AUDIT FAILED';
  return [`inventory audit at ${report.checkedAt}`, ...lines, verdict].join('\n');
}
