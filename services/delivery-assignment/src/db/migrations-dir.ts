import { fileURLToPath } from 'node:url';

/**
 * The SQL migrations folder. Resolved against the package's `src/` from both `src/db` and
 * `dist/db` (same depth), because tsc does not copy `.sql` files into `dist`.
 */
export const migrationsDir = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
