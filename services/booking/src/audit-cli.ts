import { envBoolean, envInteger, runAuditCli } from '@lockstep/service-kit';
import { auditBooking } from './audit/booking-audit.js';

// `npm run audit --workspace` of this service: every invariant of one database with pass/fail
// and counts; exits 1 if any fails. DATABASE_URL defaults to the database a replica started by
// hand on the local stack uses; fleets (the demo, load runs) name theirs per run, and the
// root `npm run audit` finds them and asks each replica's GET /audit instead.
await runAuditCli({
  service: 'booking',
  defaultDatabaseUrl: 'postgres://lockstep:lockstep@127.0.0.1:5442/booking',
  settings: {
    STALE_HOLD_GRACE_MS: envInteger({ min: 0 })
      .default(30_000)
      .describe('A booking still held (or refund-pending) this long past its deadline is stale.'),
    AUDIT_SETTLED: envBoolean()
      .default(false)
      .describe(
        'Load has stopped: every booking must be terminal, not only those past their deadline.',
      ),
  },
  audit: (pool, config) =>
    auditBooking(pool, {
      staleHoldGraceMs: config.STALE_HOLD_GRACE_MS,
      settled: config.AUDIT_SETTLED,
    }),
});
