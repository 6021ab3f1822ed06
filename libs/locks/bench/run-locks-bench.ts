/**
 * `npm run bench:locks`: lock+unlock throughput and acquire latency per backend, uncontended
 * (N workers, distinct keys) and contended (N workers, one hot key), beside each backend's raw
 * floor (the same round trips by hand) and peer libraries, all in one process and one run so
 * ratios compare like with like. Writes docs/bench/locks.{json,svg,md}.
 *
 *   npm run bench:locks -- [--duration 3000] [--workers 50] [--only redis,etcd]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runScenario, type ScenarioResult } from './measure.js';
import { type BenchSubject, benchSubjects } from './subjects.js';
import { groupedBarChart } from './svg-chart.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '3000' },
    workers: { type: 'string', default: '50' },
    only: { type: 'string' },
    out: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../docs/bench'),
    },
  },
});
const durationMs = Number(values.duration);
const workers = Number(values.workers);
const only = values.only?.split(',');

interface Row {
  subject: BenchSubject;
  uncontended: ScenarioResult;
  contended: ScenarioResult | undefined;
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);
const runId = Date.now().toString(36);
const rows: Row[] = [];
const subjects = benchSubjects().filter((s) => !only || only.includes(s.backend));

console.log(
  `lock benchmark: ${workers} workers, ${durationMs} ms per scenario, ${subjects.length} subjects`,
);
for (const [i, subject] of subjects.entries()) {
  const client = await subject.open();
  try {
    process.stdout.write(`[${i + 1}/${subjects.length}] ${subject.name}: warm-up… `);
    // Unmeasured: JIT, connection pools and server-side caches warm up before the first figure,
    // so whichever subject happens to run first is not penalised.
    await runScenario(client, {
      workers,
      durationMs: Math.min(1_000, durationMs),
      hotKey: false,
      keyPrefix: `bench:${runId}:${i}:w`,
    });
    process.stdout.write('uncontended… ');
    const uncontended = await runScenario(client, {
      workers,
      durationMs,
      hotKey: false,
      keyPrefix: `bench:${runId}:${i}:u`,
    });
    process.stdout.write(`${fmt(uncontended.opsPerSec, 0)} ops/s`);
    let contended: ScenarioResult | undefined;
    if (subject.contended) {
      process.stdout.write(', contended… ');
      contended = await runScenario(client, {
        workers,
        durationMs,
        hotKey: true,
        keyPrefix: `bench:${runId}:${i}:c`,
      });
      process.stdout.write(`${fmt(contended.opsPerSec, 0)} ops/s`);
    }
    process.stdout.write('\n');
    rows.push({ subject, uncontended, contended });
  } finally {
    await client.close();
  }
}

/** The floor or peer a subject is compared with, by name. */
const byName = new Map(rows.map((r) => [r.subject.name, r]));
const ratio = (row: Row, other: string | undefined, pick: (r: Row) => number | undefined) => {
  const base = other ? byName.get(other) : undefined;
  const a = pick(row);
  const b = base ? pick(base) : undefined;
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
};

const columns = [
  'subject',
  'kind',
  'uncontended ops/s',
  'p50 ms',
  'p99 ms',
  'vs floor',
  'contended ops/s',
  'hand-offs/s',
  'wait p50 ms',
  'wait p99 ms',
  'max wait ms',
  'errors',
  'ops vs peer',
  'hand-offs vs peer',
];
const lines = [`| ${columns.join(' | ')} |`, `|${'---|'.repeat(columns.length)}`];
for (const row of rows) {
  const { subject: s, uncontended: u, contended: c } = row;
  const cells = [
    s.name,
    s.kind,
    fmt(u.opsPerSec, 0),
    fmt(u.p50, 2),
    fmt(u.p99, 2),
    `${fmt(
      ratio(row, s.floor, (r) => r.uncontended.opsPerSec),
      2,
    )}x`,
    fmt(c?.opsPerSec, 0),
    fmt(c?.handoffsPerSec, 0),
    fmt(c?.p50, 1),
    fmt(c?.p99, 1),
    fmt(c?.max, 0),
    String(u.errors + (c?.errors ?? 0)),
    `${fmt(
      ratio(row, s.peer, (r) => r.contended?.opsPerSec),
      2,
    )}x`,
    `${fmt(
      ratio(row, s.peer, (r) => r.contended?.handoffsPerSec),
      2,
    )}x`,
  ];
  lines.push(`| ${cells.join(' | ')} |`);
}
const table = lines.join('\n');
console.log(`\n${table}\n`);

mkdirSync(values.out, { recursive: true });
const json = {
  runAt: new Date().toISOString(),
  workers,
  durationMs,
  node: process.version,
  results: rows.map((r) => ({
    name: r.subject.name,
    backend: r.subject.backend,
    kind: r.subject.kind,
    floor: r.subject.floor ?? null,
    peer: r.subject.peer ?? null,
    uncontended: r.uncontended,
    contended: r.contended ?? null,
    uncontendedVsFloor: ratio(r, r.subject.floor, (x) => x.uncontended.opsPerSec) ?? null,
    contendedOpsVsPeer: ratio(r, r.subject.peer, (x) => x.contended?.opsPerSec) ?? null,
    handoffsVsPeer: ratio(r, r.subject.peer, (x) => x.contended?.handoffsPerSec) ?? null,
  })),
};
writeFileSync(join(values.out, 'locks.json'), `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(
  join(values.out, 'locks.svg'),
  groupedBarChart(
    `Lock+unlock throughput, ${workers} workers (higher is better)`,
    'ops/s',
    ['uncontended', 'contended (one hot key)'],
    rows.map((r) => ({
      label: r.subject.name,
      values: {
        uncontended: r.uncontended.opsPerSec,
        ...(r.contended ? { 'contended (one hot key)': r.contended.opsPerSec } : {}),
      },
    })),
  ),
);
writeFileSync(
  join(values.out, 'locks.md'),
  `# Lock benchmark\n\n\`npm run bench:locks -- --duration ${durationMs} --workers ${workers}\` on ${json.runAt} (Node ${process.version}).\n\n${table}\n\n![throughput](locks.svg)\n`,
);
console.log(`wrote ${join(values.out, 'locks.{json,svg,md}')}`);
process.exit(0);
