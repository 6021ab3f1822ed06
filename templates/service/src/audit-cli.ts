import { envInteger, runAuditCli } from '@lockstep/service-kit';
import { auditItems } from './audit/item-audit.js';

// `npm run audit --workspace @lockstep/acme-widgets`: every invariant of one database with
// pass/fail and counts; exits 1 if any fails. DATABASE_URL defaults to the database a replica
// started by hand on the local stack uses.
await runAuditCli({
  service: 'acme-widgets',
  defaultDatabaseUrl: 'postgres://lockstep:lockstep@127.0.0.1:5442/acme_widgets',
  settings: {
    STALE_CLAIM_GRACE_MS: envInteger({ min: 0 })
      .default(30_000)
      .describe('A claim still pending this long after it was made is stale.'),
  },
  audit: (pool, config) => auditItems(pool, { staleClaimGraceMs: config.STALE_CLAIM_GRACE_MS }),
});
