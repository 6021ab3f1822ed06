/**
 * `npm run bench:locks`: per backend, the headline is cross-process contention (N worker
 * processes, each with its own client, on one hot key, as replicas contend), beside the same
 * subjects contending inside one process, each backend's serial hand-off floor (Redis,
 * ZooKeeper, etcd) and the uncontended throughput against the backend's raw floor. All in one run, so
 * ratios compare like with like. Writes docs/bench/locks.{json,svg,md}.
 *
 *   npm run bench:locks -- [--only redis,redlock,zookeeper,etcd] [--processes 4]
 *     [--per-process 1] [--warmup 3000] [--window 5000] [--duration 3000] [--rounds 3]
 *     [--workers 50] [--handoffs 300] [--cross-only]
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runCrossProcess } from './cross-process.js';
import { etcdSerialHandoff } from './floors/etcd-handoff.js';
import { redisSerialHandoff } from './floors/redis-handoff.js';
import type { SerialHandoff } from './floors/serial-handoff.js';
import { zookeeperSerialHandoff } from './floors/zookeeper-handoff.js';
import { type BenchClient, combineRounds, runScenario, type ScenarioResult } from './measure.js';
import {
  type BenchRun,
  crossProcessTable,
  inProcessTable,
  type SubjectRun,
  serialFloorTable,
  writeReport,
} from './report.js';
import { type BenchBackend, type BenchSubject, benchBackends, benchSubjects } from './subjects.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: benchBackends.join(',') },
    processes: { type: 'string', default: '4' },
    'per-process': { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3000' },
    window: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
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
const inProcess = {
  workers: Number(values.workers),
  durationMs: Number(values.duration),
  rounds: Number(values.rounds),
};
const loadAverage = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const runId = Date.now().toString(36);
const run: BenchRun = {
  runAt: new Date().toISOString(),
  command: [
    'npm run bench:locks',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' '),
  node: process.version,
  uptimeBefore: loadAverage(),
  uptimeAfter: '',
  cross,
  inProcess: { ...inProcess, skipped: values['cross-only'] },
  subjects: [],
  serialFloors: {},
};
console.log(`lock benchmark: ${only.join(', ')}; ${run.uptimeBefore}`);

const serialFloors: Partial<Record<BenchBackend, () => Promise<SerialHandoff>>> = {
  redis: () => redisSerialHandoff(Number(values.handoffs)),
  zookeeper: () => zookeeperSerialHandoff(Number(values.handoffs)),
  etcd: () => etcdSerialHandoff(Number(values.handoffs)),
};

/**
 * In one process: every subject of a backend open at once, the uncontended scenario run in
 * interleaved rounds (so load from elsewhere hits lockstep and its floor alike), then the hot
 * key with the shared client.
 */
async function inOneProcess(group: BenchSubject[]): Promise<Map<BenchSubject, SubjectRun>> {
  const runs = new Map<BenchSubject, SubjectRun>();
  const clients = await Promise.all(group.map((s) => s.open()));
  try {
    const scenario = (i: number, hotKey: boolean, tag: string, durationMs: number) =>
      runScenario(clients[i] as BenchClient, {
        workers: inProcess.workers,
        durationMs,
        hotKey,
        keyPrefix: `bench:${runId}:${group[i]?.name}:${tag}`,
      });
    // Unmeasured: JIT, connection pools and server caches warm up before the first figure.
    for (const i of group.keys()) await scenario(i, false, 'w', 1_000);
    const rounds: ScenarioResult[][] = group.map(() => []);
    for (let round = 0; round < inProcess.rounds; round++) {
      for (const i of group.keys()) {
        rounds[i]?.push(
          await scenario(i, false, `u${round}`, inProcess.durationMs / inProcess.rounds),
        );
      }
    }
    for (const [i, subject] of group.entries()) {
      const uncontended = combineRounds(rounds[i] ?? []);
      const contended = subject.contended
        ? await scenario(i, true, 'c', inProcess.durationMs)
        : undefined;
      runs.set(subject, { subject, uncontended, contended, crossProcess: undefined });
      console.log(
        `  ${subject.name}: uncontended ${uncontended.opsPerSec.toFixed(0)} ops/s${contended ? `, one hot key ${contended.handoffsPerSec.toFixed(0)} hand-offs/s` : ''}`,
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  return runs;
}

for (const backend of only) {
  console.log(`${backend}:`);
  const floor = serialFloors[backend];
  if (floor) {
    const result = await floor();
    run.serialFloors[backend] = result;
    console.log(
      `  serial hand-off: p50 ${result.p50.toFixed(2)} ms, mean ${result.mean.toFixed(2)} ms = ${result.maxHandoffsPerSec.toFixed(0)} hand-offs/s at most`,
    );
  }
  const group = benchSubjects().filter((s) => s.backend === backend);
  const runs = values['cross-only']
    ? new Map<BenchSubject, SubjectRun>()
    : await inOneProcess(group);
  for (const subject of group) {
    const measured = runs.get(subject) ?? {
      subject,
      uncontended: undefined,
      contended: undefined,
      crossProcess: undefined,
    };
    if (subject.contended) {
      measured.crossProcess = await runCrossProcess(subject.name, {
        ...cross,
        hotKey: `bench:${runId}:${subject.name}:x`,
      });
      console.log(
        `  ${subject.name}: ${cross.processes} processes ${measured.crossProcess.handoffsPerSec.toFixed(0)} hand-offs/s`,
      );
    }
    run.subjects.push(measured);
  }
}

run.uptimeAfter = loadAverage();
console.log(`\n${crossProcessTable(run)}\n\n${serialFloorTable(run)}\n`);
if (!values['cross-only']) console.log(`${inProcessTable(run)}\n`);
console.log(`after: ${run.uptimeAfter}`);
writeReport(run, values.out);
console.log(`wrote ${join(values.out, 'locks.{json,svg,md}')}`);
process.exit(0);
