import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The outbox's migrations, node-pg-migrate SQL files (`001_outbox`: the outbox and dedupe
 * tables; `002_outbox-notify`: the trigger that wakes relays; `003_processed-event-digest`:
 * what each processed event said, to tell a redelivery from a conflict), the same folder from
 * src/ and dist/. The service kit applies them to every service's database before the service's own,
 * with a history table of their own, so no service carries a copy. Each is idempotent, so
 * applying them where a service's older migrations created the same objects is harmless.
 */
export const outboxMigrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The up section of one of the outbox's migrations. */
function upSection(file: string): string {
  const text = readFileSync(join(outboxMigrationsDir, file), 'utf8');
  return (text.split('-- Down Migration')[0] ?? '').replace('-- Up Migration', '').trim();
}

/** `001_outbox`'s SQL: the outbox and dedupe tables, for databases set up without the kit. */
export const outboxMigrationSql = upSection('001_outbox.sql');

/** The channel the outbox trigger notifies on commit; relays LISTEN on it. */
export const outboxChannel = 'lockstep_outbox';

/** `002_outbox-notify`'s SQL: the trigger that NOTIFYs {@link outboxChannel} on commit. */
export const outboxNotifyMigrationSql = upSection('002_outbox-notify.sql');

/** `003_processed-event-digest`'s SQL: the content digest of each processed event. */
export const processedEventDigestMigrationSql = upSection('003_processed-event-digest.sql');
