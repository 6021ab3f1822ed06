import { envInteger, eventServiceConfig, guardSettings } from '@lockstep/service-kit';
import { z } from 'zod';

/** Everything acme-widgets reads from the environment, once, in main.ts. */
export const acmeWidgetsConfigSchema = z.object({
  ...eventServiceConfig('acme-widgets'),
  ...guardSettings('{{lock}}'),
  STALE_CLAIM_GRACE_MS: envInteger({ min: 0, max: 86_400_000 })
    .default(30_000)
    .describe('Audit: a claim still pending this long after it was made is stale.'),
});

/** acme-widgets' validated configuration. */
export type AcmeWidgetsConfig = z.output<typeof acmeWidgetsConfigSchema>;
