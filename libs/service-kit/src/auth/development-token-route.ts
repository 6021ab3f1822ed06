import type { Router } from 'express';
import { z } from 'zod';
import { identifier } from '../http/safe-strings.js';
import { mountRoute } from '../openapi/define-route.js';
import type { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { callerRoles } from './caller.js';
import { mintDevelopmentToken } from './mint-development-token.js';

const tokenBody = z.strictObject({
  subject: identifier().describe("The token's sub: a customer's or partner's id."),
  role: z.enum(callerRoles),
  ttlSeconds: z.number().int().min(1).max(86_400).optional().describe('Default 3600.'),
});

const tokenResponse = z.object({
  token: z.string().describe('Send as `Authorization: Bearer <token>`.'),
  expiresAt: z.string().describe('ISO 8601'),
});

/**
 * POST /dev/tokens: the development issuer, for callers that cannot sign ES256 themselves
 * (k6). Mounted only outside production; an admin route, so it answers only callers that
 * already hold the operator's token. It signs with the public development key, so its tokens
 * verify only on replicas that still trust that key.
 */
export function mountDevelopmentTokenRoute(router: Router, openapi: OpenApiRegistry): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/dev/tokens',
      summary: 'Mint a development bearer token (not mounted in production)',
      tags: ['development'],
      admin: true,
      body: tokenBody,
      responses: { 201: tokenResponse },
    },
    async ({ body }, _req, res) => {
      const ttlSeconds = body.ttlSeconds ?? 3600;
      const token = await mintDevelopmentToken({ ...body, ttlSeconds });
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      res.status(201).json({ token, expiresAt });
    },
  );
}
