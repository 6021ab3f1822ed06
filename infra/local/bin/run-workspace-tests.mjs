// Runs the tests of every npm workspace that has a test script, N workspaces at a time, the
// longest first. turbo starts tasks in an order of its own; on two cores that left the longest
// workspaces for last and the run waiting on one of them alone at the end. Everything must be
// built already (`npm test` builds first). Each output line is prefixed with its workspace, and
// a table of how long each took closes the run. Exits 1 if any workspace failed.
//
//   run-workspace-tests.mjs [--concurrency N] [--first a,b,...] [--skip a,b,...] [--only a,b,...]
//
// Workspaces go by short name (the package name without its scope). --first names those to
// start before all others, in that order; the rest follow in npm's order. --skip leaves
// workspaces out; --only runs just the ones it names.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '2' },
    first: { type: 'string', default: '' },
    skip: { type: 'string', default: '' },
    only: { type: 'string' },
  },
});
const list = (text) => text.split(',').filter(Boolean);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  throw new Error(`--concurrency must be a whole number from 1, got "${values.concurrency}"`);
}
const shortName = (name) => name.replace(/^@[^/]+\//, '');

/** Package name by short name, for every workspace with a test script. */
const packages = new Map(
  JSON.parse(execFileSync('npm', ['query', '.workspace'], { encoding: 'utf8' }))
    .filter((workspace) => workspace.scripts?.test)
    .map((workspace) => [shortName(workspace.name), workspace.name]),
);
const workspaces = [...packages.keys()];
const only = values.only === undefined ? undefined : list(values.only);
const skipped = new Set(list(values.skip));
const first = list(values.first);
for (const name of [...first, ...skipped, ...(only ?? [])]) {
  if (!workspaces.includes(name))
    throw new Error(`no workspace with a test script is named "${name}"`);
}
const queue = [...first, ...workspaces.filter((name) => !first.includes(name))].filter(
  (name) => !skipped.has(name) && (only === undefined || only.includes(name)),
);

/** Runs one workspace's `npm test`, its output prefixed; resolves with its exit code and time. */
function runTests(name) {
  const startedAt = Date.now();
  const child = spawn('npm', ['test', '--workspace', packages.get(name)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${name}: ${line}`));
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ name, code: code ?? 1, signal, seconds: (Date.now() - startedAt) / 1000 }),
    );
  });
}

const results = [];
async function lane() {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    results.push(await runTests(name));
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));

console.log(`\n${'WORKSPACE'.padEnd(24)} ${'SECONDS'.padStart(8)}  RESULT`);
for (const { name, code, signal, seconds } of results) {
  const result = code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`;
  console.log(`${name.padEnd(24)} ${seconds.toFixed(1).padStart(8)}  ${result}`);
}
process.exit(results.every((result) => result.code === 0) ? 0 : 1);
