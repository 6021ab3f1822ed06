import { runAuditCli } from '@lockstep/service-kit';
import { auditItems } from './audit/item-audit.js';
import { acmeWidgetsConfigSchema } from './config.js';

// `npm run audit --workspace @lockstep/acme-widgets`: every invariant of one database with
// pass/fail and counts; exits 1 if any fails. DATABASE_URL defaults to the database a replica
// started by hand on the local stack uses.
await runAuditCli({
  service: 'acme-widgets',
  defaultDatabaseUrl: 'postgres://lockstep:lockstep@127.0.0.1:5442/acme_widgets',
  settings: { STALE_CLAIM_GRACE_MS: acmeWidgetsConfigSchema.shape.STALE_CLAIM_GRACE_MS },
  audit: (pool, config) => auditItems(pool, { staleClaimGraceMs: config.STALE_CLAIM_GRACE_MS }),
});
