/**
 * `npm run new:service`: the generator refuses bad input, and what it generates is a working
 * service. The services are generated into services/ (so the workspace packages resolve as
 * they do for every service), typechecked and linted, and the ZooKeeper one runs its own tests
 * against the real stack; the folders, topics and groups they made are removed even on failure.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const generator = join(repoRoot, 'infra', 'local', 'bin', 'new-service.mjs');
const bin = (tool: string) => join(repoRoot, 'node_modules', '.bin', tool);

interface Run {
  code: number;
  output: string;
}

/** Runs a command to its end; never throws, the exit code and both streams are the result. */
function run(command: string, args: string[], cwd = repoRoot, env = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** A kebab-case service name no other run uses (the generator caps names at 40 characters). */
function generatedName(strategy: string): string {
  return `zz-generated-${strategy}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

const generated: string[] = [];

/** Removes the generated folders, and the topics and consumer groups their tests made. */
async function removeGenerated(): Promise<void> {
  for (const name of generated) {
    rmSync(join(repoRoot, 'services', name), { recursive: true, force: true });
  }
  const admin = new Kafka({
    clientId: 'new-service-test',
    brokers: [localTopology().kafka],
    sasl: localTopology().kafkaSasl,
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const mine = (name: string) => generated.some((service) => name.startsWith(service));
    const topics = (await admin.listTopics()).filter(mine);
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(mine);
    if (groups.length > 0) await admin.deleteGroups(groups);
  } catch {
    // Left-over topics and groups of a unique name harm no other test; the folders are gone.
  } finally {
    await admin.disconnect();
  }
}

/** Whether a process runs with this pid (a folder named after a dead one is a crashed run's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('npm run new:service', () => {
  // A run killed before its cleanup leaves a folder that would join the workspaces: remove it.
  beforeAll(() => {
    for (const folder of readdirSync(join(repoRoot, 'services'))) {
      const pid = /^zz-generated-[a-z]+-(\d+)-/.exec(folder)?.[1];
      if (pid !== undefined && !alive(Number(pid))) generated.push(folder);
    }
  });
  afterAll(removeGenerated, 60_000);

  it.each([
    [['Loyalty_Points', '--lock', 'etcd'], 'kebab-case'],
    [['booking', '--lock', 'etcd'], 'exists already'],
    [['events', '--lock', 'cas'], 'library or tool'],
    [['loyalty-points', '--lock', 'mutex'], '--lock must be one of'],
    [['loyalty-points'], '--lock must be one of'],
  ])('refuses %j (%s) with exit 2, writing nothing', async (args, reason) => {
    const { code, output } = await run('node', [generator, ...args]);
    expect({ code, output }).toMatchObject({ code: 2, output: expect.stringContaining(reason) });
    expect(existsSync(join(repoRoot, 'services', 'loyalty-points'))).toBe(false);
  });

  it('a ZooKeeper and a CAS service are generated whole, typecheck and lint clean, and the ZooKeeper one passes its own tests against the real stack', async () => {
    const [zookeeper, cas] = [generatedName('zk'), generatedName('cas')];
    generated.push(zookeeper, cas);
    const printed: string[] = [];
    for (const [name, lock] of [
      [zookeeper, 'zookeeper'],
      [cas, 'cas'],
    ] as const) {
      const created = await run('node', [generator, name, '--lock', lock]);
      expect(created.code, created.output).toBe(0);
      expect(created.output).toContain(`Created services/${name}`);
      printed.push(created.output);
      const leftovers = await run('grep', [
        '-rliE',
        'acme|\\{\\{',
        join(repoRoot, 'services', name),
      ]);
      expect(leftovers.output, 'files still holding a template token').toBe('');
    }
    const dir = join(repoRoot, 'services', zookeeper);

    // The compose lines it prints, put where it says, make a valid docker-compose.yml.
    const [anchor, replicas] = [...(printed[0] ?? '').matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (match) => match[1],
    );
    const composeFile = join(mkdtempSync(join(tmpdir(), 'new-service-')), 'docker-compose.yml');
    writeFileSync(
      composeFile,
      readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')
        .replace('\nservices:\n', `\n${anchor}\nservices:\n`)
        .replace('  # --- Load generator', `${replicas}\n  # --- Load generator`),
    );
    const compose = await run('bash', [
      join(repoRoot, 'infra/local/bin/compose-check.sh'),
      composeFile,
    ]);
    expect(compose.output).toContain(`compose-check: OK ${composeFile} is valid`);
    expect(readFileSync(join(dir, 'src', 'service.ts'), 'utf8')).toContain(
      "createRowGuard('zookeeper'",
    );

    // One tsc run over both: the libraries' sources they import are checked once, not twice.
    writeFileSync(
      join(dir, 'tsconfig.both.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        include: ['src', 'test', `../${cas}/src`, `../${cas}/test`],
      }),
    );
    const types = await run(bin('tsc'), ['-p', join(dir, 'tsconfig.both.json'), '--noEmit']);
    expect(types.code, types.output).toBe(0);
    const lint = await run(bin('biome'), ['check', dir, join(repoRoot, 'services', cas)]);
    expect(lint.code, lint.output).toBe(0);

    // Its results stay out of the repository's own summary (LOCKSTEP_TEST_RESULTS).
    const { LOCKSTEP_TEST_RESULTS: _summary, ...env } = process.env;
    const report = join(mkdtempSync(join(tmpdir(), 'new-service-')), 'results.json');
    const tests = await run(
      bin('vitest'),
      ['run', '--reporter=json', `--outputFile=${report}`],
      dir,
      env,
    );
    expect(tests.code, tests.output).toBe(0);
    const results = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    expect(results.numFailedTests).toBe(0);
    expect(results.numPassedTests).toBeGreaterThanOrEqual(9);
  }, 360_000);
});
