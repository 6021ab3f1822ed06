/**
 * The local stack's Redis nodes (infra/ports.env) as its lock user, `locks`, with that user's
 * public development password: the default of every Redis setting a service has. Anyone can
 * read it here, so production mode refuses it (developmentOnlyDefaults).
 */
export const developmentRedisNodes = [6391, 6392, 6393].map(
  (port) => `redis://locks:locks-development-password@127.0.0.1:${port}`,
);
