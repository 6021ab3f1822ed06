import { runAuditCli } from '@lockstep/service-kit';
import { runAudit } from './audit/audit-checks.js';

// `npm run audit`: every invariant with pass/fail and counts; exits 1 if any fails. The
// default database is the local stack's (infra/ports.env), so it audits a running demo unasked.
await runAuditCli({
  service: 'delivery-assignment',
  defaultDatabaseUrl: 'postgres://lockstep:lockstep@127.0.0.1:5442/delivery-assignment',
  audit: (pool) => runAudit(pool),
});
