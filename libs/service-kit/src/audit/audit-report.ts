/** A check's counts: always `checked` and `violations`, perhaps more, all integers. */
export interface AuditCounts {
  readonly checked: number;
  readonly violations: number;
  readonly [name: string]: number;
}

/** One invariant checked against the database. */
export interface AuditCheck {
  /** The invariant's name: what must hold in words, or a stable kebab-case id. */
  readonly name: string;
  /** What must hold, in words, when `name` is an id. */
  readonly description?: string;
  /** True when no row violates it. */
  readonly ok: boolean;
  /**
   * How many rows were checked and how many violate it, plus any counts of the check's own
   * (`wallets`, `over_capacity`) that help read it.
   */
  readonly counts: AuditCounts;
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
    const { checked, violations, ...others } = check.counts;
    const extra = Object.entries(others).map(([key, value]) => `, ${key} ${value}`);
    const counts = `${violations} violations in ${checked} checked${extra.join('')}`;
    const example = check.ok ? '' : `\n       e.g. ${JSON.stringify(check.examples.slice(0, 3))}`;
    const title = check.description ? `${check.name}: ${check.description}` : check.name;
    return `  ${mark}  ${title} (${counts})${example}`;
  });
  const verdict = report.ok ? 'audit clean' : 'AUDIT FAILED';
  return [`${report.service} audit at ${report.checkedAt}`, ...lines, verdict].join('\n');
}
