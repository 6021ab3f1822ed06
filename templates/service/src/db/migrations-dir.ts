import { fileURLToPath } from 'node:url';

/** The package's migrations/ folder, the same from `src/db` and `dist/db` (tsc copies no SQL). */
export const migrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));
