import { envInteger, runAuditCli } from '@lockstep/service-kit';
import { auditInventory } from './audit/inventory-audit.js';

// `npm run audit`: every invariant with pass/fail and counts; exits 1 if any fails. The
// default database is the local stack's (infra/ports.env), so it audits a running demo unasked.
await runAuditCli({
  service: 'inventory',
  defaultDatabaseUrl: 'postgres://lockstep:lockstep@127.0.0.1:5442/inventory',
  settings: {
    STALE_HOLD_GRACE_MS: envInteger({ min: 0 })
      .default(30_000)
      .describe('A hold still reserved this long after its expiry counts as stale.'),
  },
  audit: (pool, config) => auditInventory(pool, { staleHoldGraceMs: config.STALE_HOLD_GRACE_MS }),
});
