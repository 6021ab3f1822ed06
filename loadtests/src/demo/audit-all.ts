import type { FleetTargets } from '@lockstep/infra-local';

/** Every service's GET /audit answers in the kit's AuditReport shape. */
interface AuditAnswer {
  ok: boolean;
  checks: Array<{
    name: string;
    description?: string;
    ok: boolean;
    counts: Record<string, number>;
  }>;
}

function countsOf(check: AuditAnswer['checks'][number]): string {
  return Object.entries(check.counts)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/** One service's audit as terminal lines. */
function formatAudit(service: string, audit: AuditAnswer): string {
  const lines = audit.checks.map(
    (check) =>
      `  ${check.ok ? 'PASS' : 'FAIL'}  ${check.description ?? check.name} (${countsOf(check)})`,
  );
  return [`${service}: ${audit.ok ? 'audit clean' : 'AUDIT FAILED'}`, ...lines].join('\n');
}

/**
 * Every service's GET /audit (from its first replica: they share one database) as terminal
 * lines, and whether all of them came back clean. A service that does not answer counts as a
 * failed audit.
 */
export async function auditAll(targets: FleetTargets): Promise<{ ok: boolean; text: string }> {
  const parts: string[] = [];
  let ok = true;
  for (const [service, urls] of Object.entries(targets)) {
    const url = urls[0];
    if (url === undefined) continue;
    try {
      const response = await fetch(`${url}/audit`, { signal: AbortSignal.timeout(30_000) });
      const audit = (await response.json()) as AuditAnswer;
      ok &&= audit.ok === true;
      parts.push(formatAudit(service, audit));
    } catch (error) {
      ok = false;
      parts.push(`${service}: no audit from ${url} (${(error as Error).message})`);
    }
  }
  return { ok, text: parts.join('\n\n') };
}
