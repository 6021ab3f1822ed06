import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { localTopology } from '@lockstep/infra-local';

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
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=lockstep-source',
      ...(contribResolvesOldApi ? ['--import', dedupePath] : []),
      '--import',
      '@lockstep/telemetry/register',
      fixturePath,
    ],
    {
      env: { ...process.env, PG_URL: pgUrl, REDIS_URL: `redis://${redis[0]}`, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (e: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // Not one of the fixture's events (a library printing to stdout).
    }
    const waiter = waiters.findIndex((w) => w.event === parsed.event);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]?.resolve(parsed);
    else events.push(parsed);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const next = (event: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = events.findIndex((e) => e.event === event);
      const [ready] = queued >= 0 ? events.splice(queued, 1) : [];
      if (ready !== undefined) return resolve(ready);
      waiters.push({ event, resolve });
      void exited.then((code) =>
        reject(new Error(`child exited (${code}) before "${event}"; stderr:\n${stderr}`)),
      );
    });
  const listening = await next('listening');
  return {
    port: listening.port as number,
    instrumentations: listening.instrumentations as ChildService['instrumentations'],
    next,
    send: (line) => child.stdin?.write(`${line}\n`),
    stderr: () => stderr,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
