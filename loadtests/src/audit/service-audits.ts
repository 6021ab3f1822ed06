import { type FleetTargets, localAdminToken } from '@lockstep/infra-local';

/** Every service's GET /audit answers in the kit's AuditReport shape. */
export interface AuditAnswer {
  service?: string;
  ok: boolean;
  checkedAt?: string;
  checks: Array<{
    name: string;
    description?: string;
    ok: boolean;
    counts: Record<string, number>;
  }>;
}

/** Where to ask for one service's audit: its replicas, any one of which will do. */
export interface AuditSource {
  /** The service, when known; a bare `--url` learns it from the answer. */
  service?: string;
  /** Its replicas' base URLs, tried in order until one answers. */
  urls: readonly string[];
  /** What else to say about it, e.g. `database lockstep_fleet_..._inventory`. */
  note?: string;
}

/** One service's audit, or why there is none. */
export interface ServiceAudit {
  /** The service name (from the answer when the source did not say). */
  service: string;
  /** The replica that answered, or the last one tried. */
  url: string;
  note?: string;
  /** Undefined when no replica answered with a report. */
  answer?: AuditAnswer;
  /** Why there is no answer. */
  error?: string;
}

/**
 * Asks each source's replicas for GET /audit, in turn, until one answers with a report. The
 * replicas of a service share one database, so the first answer is the service's audit.
 */
export async function auditServices(sources: readonly AuditSource[]): Promise<ServiceAudit[]> {
  return Promise.all(sources.map(auditOne));
}

async function auditOne(source: AuditSource): Promise<ServiceAudit> {
  let last: ServiceAudit = {
    service: source.service ?? '?',
    url: source.urls[0] ?? '?',
    error: 'no replica to ask',
  };
  for (const url of source.urls) {
    const base = { url, ...(source.note === undefined ? {} : { note: source.note }) };
    try {
      // GET /audit is an admin route: the local admin token, as the fleet configured it.
      const response = await fetch(`${url}/audit`, {
        headers: { 'x-admin-token': localAdminToken() },
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await response.json()) as AuditAnswer;
      if (!Array.isArray(answer.checks)) throw new Error(`answered ${response.status}, no report`);
      return { ...base, service: source.service ?? answer.service ?? url, answer };
    } catch (error) {
      last = { ...base, service: source.service ?? url, error: (error as Error).message };
    }
  }
  return last;
}

/** Whether every service answered and every check passed. */
export function auditsClean(audits: readonly ServiceAudit[]): boolean {
  return audits.length > 0 && audits.every((audit) => audit.answer?.ok === true);
}

function countsOf(check: AuditAnswer['checks'][number]): string {
  return Object.entries(check.counts)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/** The audits as terminal lines: per service a verdict, then every check with its counts. */
export function formatAudits(audits: readonly ServiceAudit[]): string {
  return audits
    .map(({ service, url, answer, error }) => {
      if (answer === undefined) return `${service}: no audit from ${url} (${error})`;
      const lines = answer.checks.map(
        (check) =>
          `  ${check.ok ? 'PASS' : 'FAIL'}  ${check.description ?? check.name} (${countsOf(check)})`,
      );
      return [`${service}: ${answer.ok ? 'audit clean' : 'AUDIT FAILED'}`, ...lines].join('\n');
    })
    .join('\n\n');
}

/**
 * Every service's GET /audit (from its first replica that answers) as terminal lines, and
 * whether all of them came back clean. A service that does not answer counts as a failed audit.
 */
export async function auditAll(targets: FleetTargets): Promise<{ ok: boolean; text: string }> {
  const sources = Object.entries(targets)
    .filter(([, urls]) => urls.length > 0)
    .map(([service, urls]) => ({ service, urls }));
  const audits = await auditServices(sources);
  return { ok: auditsClean(audits), text: formatAudits(audits) };
}
