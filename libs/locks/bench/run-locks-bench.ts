/**
 * `npm run bench:locks`: per backend, the headline is cross-process contention (N worker
 * processes, each with its own client, on one hot key, as replicas contend), beside the same
 * subjects contending inside one process, each backend's serial hand-off floor (ZooKeeper,
 * etcd) and the uncontended throughput against the backend's raw floor. All in one run, so
 * ratios compare like with like. Writes docs/bench/locks.{json,svg,md}.
 *
 *   npm run bench:locks -- [--only redis,redlock,zookeeper,etcd] [--processes 4]
 *     [--per-process 1] [--warmup 3000] [--window 5000] [--duration 2000] [--workers 50]
 *     [--handoffs 300] [--cross-only]
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CrossProcessResult, runCrossProcess } from './cross-process.js';
import { etcdSerialHandoff } from './floors/etcd-handoff.js';
import type { SerialHandoff } from './floors/serial-handoff.js';
import { zookeeperSerialHandoff } from './floors/zookeeper-handoff.js';
import { runScenario, type ScenarioResult } from './measure.js';
import { type BenchRun, crossProcessTable, inProcessTable, writeReport } from './report.js';
import { type BenchBackend, benchBackends, benchSubjects } from './subjects.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: benchBackends.join(',') },
    processes: { type: 'string', default: '4' },
    'per-process': { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3000' },
    window: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '2000' },
    workers: { type: 'string', default: '50' },
    handoffs: { type: 'string', default: '300' },
    'cross-only': { type: 'boolean', default: false },
    out: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../docs/bench'),
    },
  },
});
const only = values.only.split(',') as BenchBackend[];
const cross = {
  processes: Number(values.processes),
  loopsPerProcess: Number(values['per-process']),
  warmupMs: Number(values.warmup),
  windowMs: Number(values.window),
};
const inProcess = { workers: Number(values.workers), durationMs: Number(values.duration) };
const loadAverage = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const runId = Date.now().toString(36);
const run: BenchRun = {
  runAt: new Date().toISOString(),
  command: `npm run bench:locks -- ${process.argv.slice(2).join(' ')}`.trim(),
  node: process.version,
  uptimeBefore: loadAverage(),
  uptimeAfter: '',
  cross,
  inProcess: { ...inProcess, skipped: values['cross-only'] },
  subjects: [],
  serialFloors: {},
};
const subjects = benchSubjects().filter((s) => only.includes(s.backend));
console.log(`lock benchmark, ${subjects.length} subjects; ${run.uptimeBefore}`);

const serialFloors: Partial<Record<BenchBackend, () => Promise<SerialHandoff>>> = {
  zookeeper: () => zookeeperSerialHandoff(Number(values.handoffs)),
  etcd: () => etcdSerialHandoff(Number(values.handoffs)),
};
for (const backend of only) {
  const floor = serialFloors[backend];
  if (!floor) continue;
  const result = await floor();
  run.serialFloors[backend] = result;
  console.log(
    `${backend} serial hand-off: p50 ${result.p50.toFixed(2)} ms, mean ${result.mean.toFixed(2)} ms = ${result.maxHandoffsPerSec.toFixed(0)} hand-offs/s at most`,
  );
}

for (const [i, subject] of subjects.entries()) {
  let uncontended: ScenarioResult | undefined;
  let contended: ScenarioResult | undefined;
  let crossProcess: CrossProcessResult | undefined;
  process.stdout.write(`[${i + 1}/${subjects.length}] ${subject.name}: `);
  if (!values['cross-only']) {
    const client = await subject.open();
    try {
      const scenario = (hotKey: boolean, tag: string, durationMs = inProcess.durationMs) =>
        runScenario(client, {
          workers: inProcess.workers,
          durationMs,
          hotKey,
          keyPrefix: `bench:${runId}:${i}:${tag}`,
        });
      // Unmeasured: JIT, connection pools and server caches warm up before the first figure.
      await scenario(false, 'w', Math.min(1_000, inProcess.durationMs));
      uncontended = await scenario(false, 'u');
      process.stdout.write(`uncontended ${uncontended.opsPerSec.toFixed(0)} ops/s; `);
      if (subject.contended) {
        contended = await scenario(true, 'c');
        process.stdout.write(`in-process ${contended.handoffsPerSec.toFixed(0)} hand-offs/s; `);
      }
    } finally {
      await client.close();
    }
  }
  if (subject.contended) {
    crossProcess = await runCrossProcess(subject.name, {
      ...cross,
      hotKey: `bench:${runId}:${i}:x`,
    });
    process.stdout.write(
      `${cross.processes} processes ${crossProcess.handoffsPerSec.toFixed(0)} hand-offs/s`,
    );
  }
  process.stdout.write('\n');
  run.subjects.push({ subject, uncontended, contended, crossProcess });
}

run.uptimeAfter = loadAverage();
console.log(`\n${crossProcessTable(run)}\n`);
if (!values['cross-only']) console.log(`${inProcessTable(run)}\n`);
console.log(`after: ${run.uptimeAfter}`);
writeReport(run, values.out);
console.log(`wrote ${join(values.out, 'locks.{json,svg,md}')}`);
process.exit(0);
