import { envInteger, runAuditCli } from '@lockstep/service-kit';
import { auditInventory } from './audit/inventory-audit.js';

// `npm run audit --workspace` of this service: every invariant of one database with pass/fail
// and counts; exits 1 if any fails. DATABASE_URL defaults to the database a replica started by
// hand on the local stack uses; fleets (the demo, load runs) name theirs per run, and the
// root `npm run audit` finds them and asks each replica's GET /audit instead.
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
