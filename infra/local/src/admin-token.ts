/**
 * The public development admin token: the same string as @lockstep/service-kit's
 * `developmentAdminToken` (a kit test holds them equal), which a replica uses when ADMIN_TOKEN
 * is unset outside production. Kept here because the local tools do not load the kit.
 */
export const developmentAdminToken = 'lockstep-development-admin-token';

/**
 * The admin token of everything run locally: ADMIN_TOKEN from the environment, else the public
 * development default. A Fleet gives it to every replica, and the local tools (the demo, the
 * k6 runner, `npm run audit`) send it in `x-admin-token`, so setting ADMIN_TOKEN once in the
 * shell changes both sides.
 */
export function localAdminToken(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ADMIN_TOKEN?.trim();
  return configured === undefined || configured === '' ? developmentAdminToken : configured;
}
