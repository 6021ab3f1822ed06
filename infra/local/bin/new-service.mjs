#!/usr/bin/env node
// `npm run new:service -- <name> --lock <strategy>`: a new service under services/<name>, copied
// from templates/service with its name and lock strategy (`{{lock}}`) substituted. It writes nothing outside services/<name>: the lines that make the
// service join the fleet and docker-compose.yml are printed (and kept in its README), because
// they touch files shared by every service (see docs/forking.md, "A new service").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const templateDir = join(repoRoot, 'templates', 'service');

/** Each strategy (the kit's guardStrategies): what it needs in compose and the fleet. */
const strategies = {
  redlock: {
    servers: ['redis-1', 'redis-2', 'redis-3'],
    compose: { REDIS_NODES: 'redis-1:6379,redis-2:6379,redis-3:6379' },
    fleet: "REDIS_NODES: topology.redis.join(','),",
  },
  redis: {
    servers: ['redis-1'],
    compose: { REDIS_NODE: 'redis-1:6379' },
    fleet: 'REDIS_NODE: topology.redis[0],',
  },
  zookeeper: {
    servers: ['zookeeper'],
    compose: { ZOOKEEPER_CONNECT: 'zookeeper:2181' },
    fleet: 'ZOOKEEPER_CONNECT: topology.zookeeper,',
  },
  etcd: {
    servers: ['etcd'],
    compose: { ETCD_ENDPOINTS: 'http://etcd:2379' },
    fleet: 'ETCD_ENDPOINTS: topology.etcd,',
  },
  cas: { servers: [], compose: {}, fleet: undefined },
};

// Package names the libraries and tools already use; a service must not shadow them.
const reserved = [
  'contracts',
  'events',
  'infra-local',
  'loadtests',
  'locks',
  'saga-tests',
  'service-kit',
  'telemetry',
  'testkit',
];

const usage = `usage: npm run new:service -- <name> --lock <${Object.keys(strategies).join('|')}>`;

function fail(message) {
  process.stderr.write(`new:service: ${message}\n${usage}\n`);
  process.exit(2);
}

/** Every spelling of the name the template uses, keyed by the template's own spelling. */
function spellings(name) {
  const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const snake = name.replaceAll('-', '_');
  return [
    ['acme-widgets', name],
    ['acme_widgets', snake],
    ['acmeWidgets', camel],
    ['AcmeWidgets', camel[0].toUpperCase() + camel.slice(1)],
    ['ACME_WIDGETS', snake.toUpperCase()],
  ];
}

function substitute(text, pairs) {
  return pairs.reduce((out, [from, to]) => out.replaceAll(from, to), text);
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The next free published port after the services' 808x ones in infra/ports.env. */
function nextServicePort() {
  const ports = [
    ...readFileSync(join(repoRoot, 'infra', 'ports.env'), 'utf8').matchAll(
      /^LOCKSTEP_\w+_PORT=(80\d\d)$/gm,
    ),
  ];
  return Math.max(8080, ...ports.map((match) => Number(match[1]))) + 1;
}

/** The lines that make the service join the fleet and docker-compose.yml, as Markdown. */
function joiningText(name, lock, pairs) {
  const constant = substitute('ACME_WIDGETS', pairs);
  const snake = substitute('acme_widgets', pairs);
  const strategy = strategies[lock];
  const port = nextServicePort();
  const dependsOn = ['postgres', 'kafka', ...strategy.servers, 'jaeger']
    .map((server) => `  ${server}:\n    condition: service_healthy`)
    .join('\n');
  const replica = (n) =>
    [
      `  ${name}-${n}:`,
      '    <<: *lockstep-service',
      '    build:',
      '      context: .',
      '      dockerfile: infra/compose/service.Dockerfile',
      '      args:',
      `        SERVICE: ${name}`,
      `    image: lockstep/${name}:local`,
      '    environment:',
      '      <<: *lockstep-env',
      `      SERVICE_NAME: ${name}`,
      `      INSTANCE_ID: ${name}-${n}`,
      `      DATABASE_URL: postgres://\${LOCKSTEP_POSTGRES_USER:-lockstep}:\${LOCKSTEP_POSTGRES_PASSWORD:-lockstep}@postgres:5432/${snake}`,
      ...Object.entries(strategy.compose).map(([key, value]) => `      ${key}: ${value}`),
      ...(n === 1 ? ['    ports:', `      - "\${LOCKSTEP_${constant}_PORT:-${port}}:8080"`] : []),
      `    depends_on: *${name}-depends-on`,
    ].join('\n');
  const target = (n) =>
    `  {\n    "targets": ["${name}-${n}:8080"],\n    "labels": { "service": "${name}", "replica": "${name}-${n}", "run": "compose" }\n  }`;
  const fleetEnv = [strategy.fleet, "KAFKA_FROM_BEGINNING: 'false',"].filter(Boolean);
  return `## Joining the fleet and compose

\`npm run new:service\` writes nothing outside this folder. These are the exact lines to add by
hand, because they edit files every service shares.

**docker-compose.yml**: the anchor goes above \`services:\`, the replicas above the load
generator; add \`${name}-1\` and \`${name}-2\` to the k6 service's \`depends_on\` if a scenario
calls this service.

\`\`\`yaml
x-${name}-depends-on: &${name}-depends-on
${dependsOn}
\`\`\`

\`\`\`yaml
${replica(1)}

${replica(2)}
\`\`\`

**infra/ports.env**, beside the other services' ports:

\`\`\`sh
LOCKSTEP_${constant}_PORT=${port}
\`\`\`

**infra/observability/targets-compose/${name}.json** (Prometheus scrapes both replicas):

\`\`\`json
[
${target(1)},
${target(2)}
]
\`\`\`

**The fleet** (\`npm run demo\`, load runs, saga tests): in
\`infra/local/src/fleet/fleet-service.ts\` add \`'${name}'\` to \`FleetService\` and
\`fleetServices\`, and \`'${name}': '${name}-items'\` to \`consumedTopic\`; in
\`infra/local/src/fleet/fleet.ts\` add \`'${name}': []\` to \`targets()\`; in
\`infra/local/src/fleet/service-env.ts\` add

\`\`\`ts
    case '${name}':
      return {
        ${fleetEnv.join('\n        ')}
      };
\`\`\`

\`loadtests/test/fleet-topics.test.ts\` requires every consumed topic to be a contracts topic:
move \`src/domain/item-events.ts\` into \`libs/contracts\` (its topic into \`Topics\`) first.`;
}

function main() {
  const { values, positionals } = parseArgs({
    options: { lock: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) fail('give exactly one service name');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40) {
    fail(`"${name}" is not a kebab-case name of at most 40 characters (e.g. "loyalty-points")`);
  }
  if (reserved.includes(name)) fail(`"${name}" is the name of a library or tool package`);
  const lock = values.lock;
  if (lock === undefined || !Object.hasOwn(strategies, lock)) {
    fail(`--lock must be one of ${Object.keys(strategies).join(', ')}`);
  }
  const target = join(repoRoot, 'services', name);
  if (existsSync(target)) fail(`services/${name} exists already`);

  const pairs = [...spellings(name), ['{{lock}}', lock]];
  const copies = [...filesUnder(templateDir)].map((from) => ({
    from,
    to: join(target, substitute(relative(templateDir, from), pairs)),
  }));
  const joining = joiningText(name, lock, pairs);
  try {
    for (const { from, to } of copies) {
      const text = substitute(readFileSync(from, 'utf8'), pairs).replace('{{joining}}', joining);
      writeFile(to, text);
    }
    // Names of other lengths change line breaks and import order: let the formatter settle them.
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'biome'), ['check', '--write', target], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw error;
  }

  process.stdout.write(`Created services/${name} (${copies.length} files, lock: ${lock}).

Next steps:
  1. npm install                                   adds @lockstep/${name} to the lockfile
  2. npm test --workspace @lockstep/${name}        its tests, against the local stack
  3. replace the items and claims (src/domain, src/db, src/use-cases, src/http,
     migrations/001_items.sql)
     with your domain; keep the wiring (services/${name}/README.md, "From route to event")

${joining}
`);
}

main();
