import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime; 100 on every Linux we run on. */
const ticksPerSecond = 100;

/** One process's CPU so far, read from /proc. */
export interface ProcessCpu {
  pid: number;
  /** Which part of the stack it is (see {@link processGroup}). */
  group: string;
  /** User plus system CPU since the process started, in milliseconds. */
  cpuMs: number;
}

/**
 * Names the part of the stack a command line belongs to: a replica by its service, the servers
 * by what they are, k6, and everything else as `other` (on a shared machine that is someone
 * else's load, and worth seeing).
 */
export function processGroup(argv: readonly string[], selfPid: number, pid: number): string {
  if (pid === selfPid) return 'load runner';
  const line = argv.join(' ');
  const service = /services\/([a-z-]+)\/(?:src|dist)\/main\.[tj]s/.exec(line);
  if (service) return service[1] ?? 'other';
  const exe = (argv[0] ?? '').split('/').pop() ?? '';
  if (exe === 'postgres' || line.startsWith('postgres:')) return 'postgres';
  if (exe === 'java' && /kafka/i.test(line)) return 'kafka';
  if (exe === 'java' && /zookeeper/i.test(line)) return 'zookeeper';
  if (exe === 'etcd') return 'etcd';
  if (exe.startsWith('redis-server') || line.startsWith('redis-server')) return 'redis';
  if (exe === 'k6') return 'k6';
  return 'other';
}

/** CPU of every process on the machine now; processes that vanish while read are skipped. */
export function readProcessCpu(selfPid = process.pid): ProcessCpu[] {
  const out: ProcessCpu[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name sits in parentheses and may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length === 0) continue; // kernel threads
      out.push({
        pid,
        group: processGroup(argv, selfPid, pid),
        cpuMs: (ticks * 1000) / ticksPerSecond,
      });
    } catch {
      // The process exited between readdir and read: it is in neither snapshot's total.
    }
  }
  return out;
}

/** CPU used between two snapshots, per group, in milliseconds, and how many processes. */
export function cpuBetween(
  before: readonly ProcessCpu[],
  after: readonly ProcessCpu[],
): Map<string, { cpuMs: number; processes: number }> {
  const start = new Map(before.map((p) => [p.pid, p.cpuMs]));
  const groups = new Map<string, { cpuMs: number; processes: number }>();
  for (const p of after) {
    // A process born in the window started from zero.
    const used = p.cpuMs - (start.get(p.pid) ?? 0);
    if (used <= 0) continue;
    const group = groups.get(p.group) ?? { cpuMs: 0, processes: 0 };
    group.cpuMs += used;
    group.processes += 1;
    groups.set(p.group, group);
  }
  return groups;
}

/** The machine's busy and total CPU since boot in ms (all cores), from /proc/stat. */
export function readMachineCpu(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return {
    busyMs: ((total - idle) * 1000) / ticksPerSecond,
    totalMs: (total * 1000) / ticksPerSecond,
  };
}

/**
 * Follows every process's CPU over a window by reading /proc every `intervalMs`, so that a
 * process born and gone inside the window (k6 itself, a test run next door) is counted up to its
 * last reading, not lost between two snapshots.
 */
export class CpuRecorder {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, ProcessCpu>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 500) {
    for (const p of readProcessCpu()) this.first.set(p.pid, p.cpuMs);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes a last reading and returns CPU used in the window, per group. */
  stop(): Map<string, { cpuMs: number; processes: number }> {
    clearInterval(this.timer);
    this.sample();
    const before = [...this.first].map(([pid, cpuMs]) => ({ pid, group: '', cpuMs }));
    return cpuBetween(before, [...this.last.values()]);
  }

  private sample(): void {
    for (const p of readProcessCpu()) this.last.set(p.pid, p);
  }
}
