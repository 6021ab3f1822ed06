import { envBoolean, envInteger, runAuditCli } from '@lockstep/service-kit';
import { auditBooking } from './audit/booking-audit.js';

// `npm run audit`: every invariant with pass/fail and counts; exits 1 if any fails. The
// default database is the local stack's (infra/ports.env), so it audits a running demo unasked.
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
