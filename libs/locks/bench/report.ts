import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrossProcessOptions, CrossProcessResult } from './cross-process.js';
import type { SerialHandoff } from './floors/serial-handoff.js';
import type { ScenarioResult } from './measure.js';
import type { BenchBackend, BenchSubject } from './subjects.js';
import { groupedBarChart } from './svg-chart.js';

/** What one subject measured in this run; a scenario that was not run is undefined. */
export interface SubjectRun {
  subject: BenchSubject;
  uncontended: ScenarioResult | undefined;
  contended: ScenarioResult | undefined;
  crossProcess: CrossProcessResult | undefined;
}

/** Everything one bench run measured, with how and when (load average before and after). */
export interface BenchRun {
  runAt: string;
  command: string;
  node: string;
  uptimeBefore: string;
  uptimeAfter: string;
  cross: Omit<CrossProcessOptions, 'hotKey'>;
  inProcess: { workers: number; durationMs: number; rounds: number; skipped: boolean };
  subjects: SubjectRun[];
  serialFloors: Partial<Record<BenchBackend, SerialHandoff>>;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);
const times = (n: number | undefined) => (n === undefined ? '-' : `${fmt(n, 2)}x`);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 || Number.isNaN(a) || Number.isNaN(b)
    ? undefined
    : a / b;

function table(columns: string[], rows: string[][]): string {
  return [
    `| ${columns.join(' | ')} |`,
    `|${'---|'.repeat(columns.length)}`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function find(run: BenchRun, name: string | undefined): SubjectRun | undefined {
  return run.subjects.find((s) => s.subject.name === name);
}

/** Cross-process hand-offs of a lockstep subject over the implied maximum of its serial floor. */
function vsSerialFloor(run: BenchRun, row: SubjectRun): number | undefined {
  if (row.subject.kind !== 'lockstep') return undefined;
  const floor = run.serialFloors[row.subject.backend];
  return ratio(row.crossProcess?.handoffsPerSec, floor?.maxHandoffsPerSec);
}

/** The headline: every contended subject across processes, beside its in-process figure. */
export function crossProcessTable(run: BenchRun): string {
  const rows = run.subjects
    .filter((r) => r.crossProcess)
    .map((r) => {
      const x = r.crossProcess as CrossProcessResult;
      const peer = find(run, r.subject.peer)?.crossProcess;
      return [
        r.subject.name,
        fmt(x.handoffsPerSec),
        fmt(x.crossProcessHandoffsPerSec),
        fmt(x.p50, 1),
        fmt(x.p99, 1),
        fmt(x.max),
        fmt(x.jain, 2),
        fmt(x.minMaxRatio, 2),
        String(x.errors),
        fmt(r.contended?.handoffsPerSec),
        times(ratio(x.handoffsPerSec, r.contended?.handoffsPerSec)),
        times(vsSerialFloor(run, r)),
        times(ratio(x.handoffsPerSec, peer?.handoffsPerSec)),
      ];
    });
  return table(
    [
      'subject',
      `hand-offs/s (${run.cross.processes} proc × ${run.cross.loopsPerProcess})`,
      'of which cross-process',
      'wait p50 ms',
      'wait p99 ms',
      'max wait ms',
      'Jain',
      'min/max share',
      'errors',
      `in-process hand-offs/s (${run.inProcess.workers} workers)`,
      'cross / in-process',
      'vs serial floor',
      'vs peer',
    ],
    rows,
  );
}

/** Serial hand-off floors: latency of delete, watch event, create, and the rate it allows. */
export function serialFloorTable(run: BenchRun): string {
  const rows = Object.entries(run.serialFloors).map(([backend, f]) => [
    backend,
    String(f.handoffs),
    fmt(f.p50, 2),
    fmt(f.p99, 2),
    fmt(f.mean, 2),
    fmt(f.maxHandoffsPerSec),
  ]);
  return table(
    ['backend', 'hand-offs timed', 'p50 ms', 'p99 ms', 'mean ms', 'implied max hand-offs/s'],
    rows,
  );
}

/** In one process: uncontended throughput against the raw floor, and the shared-client hot key. */
export function inProcessTable(run: BenchRun): string {
  const rows = run.subjects
    .filter((r) => r.uncontended)
    .map(({ subject: s, uncontended: u, contended: c }) => [
      s.name,
      s.kind,
      fmt(u?.opsPerSec),
      fmt(u?.p50, 2),
      fmt(u?.p99, 2),
      times(ratio(u?.opsPerSec, find(run, s.floor)?.uncontended?.opsPerSec)),
      fmt(c?.opsPerSec),
      fmt(c?.handoffsPerSec),
      fmt(c?.p50, 1),
      fmt(c?.p99, 1),
      fmt(c?.max),
      String((u?.errors ?? 0) + (c?.errors ?? 0)),
      times(ratio(c?.handoffsPerSec, find(run, s.peer)?.contended?.handoffsPerSec)),
    ]);
  return table(
    [
      'subject',
      'kind',
      'uncontended ops/s',
      'p50 ms',
      'p99 ms',
      'vs raw floor',
      'contended ops/s',
      'hand-offs/s',
      'wait p50 ms',
      'wait p99 ms',
      'max wait ms',
      'errors',
      'hand-offs vs peer',
    ],
    rows,
  );
}

/** Writes docs/bench/locks.{json,svg,md} for `run` into `dir`. */
export function writeReport(run: BenchRun, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const json = {
    ...run,
    subjects: run.subjects.map(({ subject: s, ...measured }) => ({
      name: s.name,
      backend: s.backend,
      kind: s.kind,
      floor: s.floor ?? null,
      peer: s.peer ?? null,
      ...measured,
    })),
  };
  writeFileSync(join(dir, 'locks.json'), `${JSON.stringify(json, null, 2)}\n`);
  const across = `across ${run.cross.processes} processes`;
  const inOne = `in one process (${run.inProcess.workers} workers)`;
  const floor = 'serial hand-off floor';
  writeFileSync(
    join(dir, 'locks.svg'),
    groupedBarChart(
      'Hand-offs/s on one hot key (higher is better)',
      '/s',
      [across, inOne, floor],
      run.subjects
        .filter((r) => r.crossProcess)
        .map((r) => {
          const serial = r.subject.kind === 'lockstep' ? run.serialFloors[r.subject.backend] : null;
          return {
            label: r.subject.name,
            values: {
              [across]: r.crossProcess?.handoffsPerSec ?? Number.NaN,
              ...(r.contended ? { [inOne]: r.contended.handoffsPerSec } : {}),
              ...(serial ? { [floor]: serial.maxHandoffsPerSec } : {}),
            },
          };
        }),
    ),
  );
  const sections = [
    '# Lock benchmark',
    `\`${run.command}\` on ${run.runAt} (Node ${run.node}).\n\nLoad before: \`${run.uptimeBefore}\`; after: \`${run.uptimeAfter}\`.`,
    `## Across processes (one hot key; ${run.cross.warmupMs} ms warm-up, ${run.cross.windowMs} ms window)`,
    crossProcessTable(run),
    '![hand-offs](locks.svg)',
    '## Serial hand-off floors',
    serialFloorTable(run),
    ...(run.inProcess.skipped
      ? []
      : [
          `## In one process (${run.inProcess.workers} workers; uncontended ${run.inProcess.durationMs} ms in ${run.inProcess.rounds} rounds interleaved with the floor; hot key ${run.inProcess.durationMs} ms)`,
          inProcessTable(run),
        ]),
  ];
  writeFileSync(join(dir, 'locks.md'), `${sections.join('\n\n')}\n`);
}
