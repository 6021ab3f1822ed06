import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { localTopology } from '@lockstep/infra-local';
import { startTsxChild } from '@lockstep/testkit';

const fixturePath = fileURLToPath(new URL('../fixtures/instrumented-service.ts', import.meta.url));
const dedupePath = fileURLToPath(new URL('./dedupe-otel-api.mjs', import.meta.url));

/**
 * Whether the contrib instrumentations (express, pg, ioredis, kafkajs, hoisted to the root
 * node_modules) resolve an @opentelemetry/api older than the 1.10 they require. They then
 * fail to load; the child gets the dedupe hook to stand in for a fixed install. Once the
 * root api is 1.10 this is false and the child runs exactly as a service would.
 */
export const contribResolvesOldApi: boolean = (() => {
  const require = createRequire(import.meta.url);
  const fromContrib = createRequire(require.resolve('@opentelemetry/instrumentation-pg'));
  return !('logs' in (fromContrib('@opentelemetry/api') as object));
})();

/** The instrumented fixture service running in a child process. */
export interface ChildService {
  /** Port its HTTP server listens on. */
  port: number;
  /** Instrumentations it reported as loaded and failed. */
  instrumentations: { loaded: string[]; failed: string[] };
  /** Resolves with the next stdout event of that name; rejects if the child exits first. */
  next(event: string): Promise<Record<string, unknown>>;
  /** Writes a command line to its stdin. */
  send(line: string): void;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with its exit code. */
  exited: Promise<number | null>;
  /** Kills it if still running. */
  kill(): void;
}

/**
 * Starts test/fixtures/instrumented-service.ts the way a service is started, plus tsx for the
 * TypeScript sources: `node --import tsx --conditions=lockstep-source --import
 * @lockstep/telemetry/register <main>`. Resolves once it listens.
 */
export async function startChildService(env: Record<string, string>): Promise<ChildService> {
  const { postgres, redis } = localTopology();
  const pgUrl = `postgres://${postgres.user}:${postgres.password}@${postgres.host}:${postgres.port}/postgres`;
  const fixture = startTsxChild(fixturePath, [], 'the instrumented fixture', {
    nodeArgs: [
      ...(contribResolvesOldApi ? ['--import', dedupePath] : []),
      '--import',
      '@lockstep/telemetry/register',
    ],
    env: { PG_URL: pgUrl, REDIS_URL: redis[0], ...env },
  });
  const listening = await fixture.next('listening');
  return {
    port: listening.port as number,
    instrumentations: listening.instrumentations as ChildService['instrumentations'],
    next: fixture.next,
    send: fixture.send,
    stderr: fixture.stderr,
    exited: fixture.exited,
    kill: () => {
      if (fixture.child.exitCode === null) fixture.child.kill('SIGKILL');
    },
  };
}
