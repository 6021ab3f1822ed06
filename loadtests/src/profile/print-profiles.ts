import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CpuProfile, summarizeProfile } from './cpu-profile-summary.js';

/**
 * Prints, per service, where its replicas' profiles in `dir` spent their time: self time by
 * owner and by function, merged over replicas. A file's service is the start of its name
 * (`<service>-<instance>-<time>.cpuprofile`, as cpuProfileOnSignal writes it). `per` divides
 * each owner's time for the last column: accepted requests, or the window in ms for idle.
 */
export function printProfiles(
  dir: string,
  label: string,
  per: number,
  say: (line?: string) => void,
): void {
  const byService = new Map<string, CpuProfile[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const service = file.replace(/-[a-z]+-\d+_.*$/, '');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    byService.set(service, [...(byService.get(service) ?? []), profile]);
  }
  for (const [service, profiles] of [...byService].sort()) {
    const summaries = profiles.map((p) => summarizeProfile(p, 1_000));
    const totalMs = summaries.reduce((a, s) => a + s.totalMs, 0);
    const busyMs =
      totalMs -
      sumOf(
        summaries.map((s) => s.byOwner),
        '(idle)',
      );
    const merge = (rows: Array<Array<{ name: string; ms: number }>>) => {
      const sums = new Map<string, number>();
      for (const list of rows)
        for (const row of list) sums.set(row.name, (sums.get(row.name) ?? 0) + row.ms);
      return [...sums].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
    };
    say();
    say(
      `### ${service}, ${label}: ${profiles.length} replicas, ${(busyMs / 1000).toFixed(2)} s busy of ${(totalMs / 1000).toFixed(1)} s sampled`,
    );
    say();
    say('| owner | self ms | share of busy | ms per unit |');
    say('|---|---:|---:|---:|');
    for (const [name, ms] of merge(summaries.map((s) => s.byOwner)).slice(0, 16)) {
      say(
        `| ${name} | ${ms.toFixed(0)} | ${((ms / busyMs) * 100).toFixed(1)}% | ${per > 0 ? (ms / per).toFixed(3) : '-'} |`,
      );
    }
    say();
    say('| function | self ms | share of busy |');
    say('|---|---:|---:|');
    for (const [name, ms] of merge(summaries.map((s) => s.byFunction)).slice(0, 14)) {
      say(`| \`${name}\` | ${ms.toFixed(0)} | ${((ms / busyMs) * 100).toFixed(1)}% |`);
    }
  }
}

function sumOf(lists: Array<Array<{ name: string; ms: number }>>, name: string): number {
  return lists
    .flat()
    .filter((row) => row.name === name)
    .reduce((a, row) => a + row.ms, 0);
}
