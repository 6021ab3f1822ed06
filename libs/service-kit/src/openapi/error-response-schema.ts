import { z } from 'zod';

/** The body of every error response, as produced by the error middleware. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. VALIDATION_FAILED or SOLD_OUT.'),
    message: z.string().describe('Human-readable explanation; do not parse it.'),
    details: z
      .unknown()
      .optional()
      .describe('Extra data; for VALIDATION_FAILED a list of { field, in, message }.'),
  }),
});
