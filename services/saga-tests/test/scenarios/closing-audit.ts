import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '@lockstep/infra-local';
import { describe, expect, it } from 'vitest';
import type { SagaContext } from '../support/saga-context.ts';
import { sagaServices } from '../support/saga-deployment.ts';

const run = promisify(execFile);

/**
 * How every run ends (docs/architecture.md, "Invariants"): after all scenarios, the audit of every
 * replica, and each service's own `npm run audit` (its database audited from outside, as an
 * operator would) against this run's databases, pass.
 */
export function closingAuditScenario(context: () => SagaContext): void {
  describe('after every scenario', () => {
    it('GET /audit on every replica and `npm run audit` of every service pass', async () => {
      const { deployment, saga } = context();
      const audits = await saga.auditEveryReplica();
      expect(audits.filter((audit) => !audit.ok)).toEqual([]);
      expect(audits).toHaveLength(sagaServices.length * 2);

      const reports = await Promise.all(
        sagaServices.map(async (service) => {
          const { stdout } = await run(
            'npm',
            ['run', 'audit', '--silent', '--workspace', `@lockstep/${service}`],
            {
              cwd: repoRoot,
              env: { ...process.env, DATABASE_URL: deployment.database(service).url },
            },
          );
          return { service, stdout };
        }),
      );
      for (const { service, stdout } of reports) {
        expect(stdout, service).toMatch(/PASS/);
        expect(stdout, service).not.toMatch(/FAIL/);
      }
      console.log(
        `[closing-audit] ${audits.length} replicas' GET /audit ok; npm run audit clean for ${sagaServices.join(', ')}`,
      );
      // Three `npm run audit` processes each start tsx and compile a service: 15 s on a quiet
      // machine, past a minute while the load tests share the two cores.
    }, 180_000);
  });
}
