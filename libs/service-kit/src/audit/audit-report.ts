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

/** The outcome of every check of one service's database; `ok` only when all pass. */
export interface AuditReport<Service extends string = string> {
  /** Which service's database was audited, for a combined report across services. */
  readonly service: Service;
  /** True when every check passes. */
  readonly ok: boolean;
  /** When the checks ran (ISO 8601). */
  readonly checkedAt: string;
  /** One result per invariant, in a fixed order. */
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
  return [`${report.service} audit at ${report.checkedAt}`, ...lines, verdict].join('\n');
}
