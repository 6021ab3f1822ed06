import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Fleet, type FleetService, fleetServices } from '@lockstep/infra-local';
import { parseCliArguments, usage } from '../cli-arguments.js';
import { ensureBuilt, ensureLocalStack, releaseLocalStack } from '../ensure-stack.js';
import { repoRoot } from '../paths.js';
import { runScenario } from '../run-scenario.js';
import { printProfiles } from './print-profiles.js';
import { CpuRecorder, type cpuBetween, readMachineCpu } from './process-cpu.js';

// `npm run load:profile -- <scenario> --rate N --duration D [--cpu-prof]`: where the CPU goes
// for one steady load. Starts a fleet, measures its idle CPU, runs k6 and reads every
// process's CPU before and after, then prints CPU by part of the stack, per second and per
// accepted request. With --cpu-prof every replica is also profiled through SIGUSR2 (the kit's
// cpuProfileOnSignal) over the idle window and over the arrivals, and each service's self
// time is summed by owner (package, library, GC) and by function.
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log(`${usage}
  --cpu-prof           also profile every replica, idle and under load
  --service-env N=V    a setting for every replica (repeatable), e.g. TELEMETRY_ENABLED=false`);
  process.exit(0);
}
const cpuProf = argv.includes('--cpu-prof');
// --service-env pairs are the replicas'; everything else is the load CLI's own arguments.
const serviceSettings: Record<string, string> = {};
const loadArgv: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] ?? '';
  if (arg === '--cpu-prof') continue;
  if (arg === '--service-env') {
    const [name, ...value] = (argv[++i] ?? '').split('=');
    if (!name || value.length === 0) throw new Error('--service-env expects NAME=VALUE');
    serviceSettings[name] = value.join('=');
    continue;
  }
  loadArgv.push(arg);
}
const args = parseCliArguments(loadArgv);
const idleSeconds = 15;
/** k6 seeds wallets, SKUs and riders before the first arrival; a few seconds covers it. */
const setupAllowanceMs = 4_000;
const log = (message: string) => console.error(`[profile] ${message}`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = join(repoRoot, '.lockstep', 'profiles', `${args.scenario}-${stamp}`);
const spoolDir = join(outDir, 'spool');
mkdirSync(spoolDir, { recursive: true });

const started = ensureLocalStack(log);
ensureBuilt(log);
const profileEnv: Partial<Record<FleetService, Record<string, string>>> = {};
for (const service of fleetServices) {
  profileEnv[service] = { ...serviceSettings, ...(cpuProf ? { CPU_PROFILE_DIR: spoolDir } : {}) };
}
const fleet = await Fleet.start({
  scenario: `profile-${args.scenario}`,
  replicas: args.replicas,
  onProgress: log,
  code: 'built',
  env: profileEnv,
});
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};
let accepted = 0;
try {
  log(`measuring the idle fleet for ${idleSeconds} s`);
  const idleRecorder = new CpuRecorder();
  await toggleProfiles();
  await sleep(idleSeconds * 1000);
  const idle = idleRecorder.stop();
  await toggleProfiles();
  await collectProfiles('idle');

  log(`running k6 ${args.scenario} at ${args.rate}/s for ${args.duration}`);
  const recorder = new CpuRecorder();
  const machine0 = readMachineCpu();
  const t0 = Date.now();
  const k6 = runScenario({
    scenario: args.scenario,
    rate: args.rate,
    duration: args.duration,
    env: args.env,
    targets: fleet.targets(),
    output: 'capture',
  });
  // The replicas' profiles cover the arrivals, after k6's setup (seeding) and before its
  // teardown (settling, audits), so they show the steady state the rate asks for.
  await sleep(setupAllowanceMs);
  await toggleProfiles();
  await sleep(durationMs(args.duration));
  await toggleProfiles();
  const run = await k6;
  const seconds = (Date.now() - t0) / 1000;
  const machine1 = readMachineCpu();
  const load = recorder.stop();
  await collectProfiles('load');
  accepted = run.result?.accepted ?? 0;
  printRun(
    run,
    seconds,
    idle,
    load,
    (machine1.busyMs - machine0.busyMs) / (machine1.totalMs - machine0.totalMs),
  );
} finally {
  await fleet.stop();
  releaseLocalStack(started, args.keepStack, log);
}
if (cpuProf) {
  printProfiles(join(outDir, 'idle'), 'idle fleet', idleSeconds * 1000, say);
  printProfiles(join(outDir, 'load'), 'arrivals', accepted, say);
}
writeFileSync(join(outDir, 'profile.md'), `${lines.join('\n')}\n`);
log(`written to ${join(outDir, 'profile.md')}`);

function printRun(
  run: Awaited<ReturnType<typeof runScenario>>,
  seconds: number,
  idle: ReturnType<typeof cpuBetween>,
  load: ReturnType<typeof cpuBetween>,
  busy: number,
): void {
  const r = run.result;
  const p = (l: { p50: number; p95: number } | null | undefined) =>
    l ? `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} ms` : '-';
  say(
    `## ${args.scenario} at ${args.rate}/s for ${args.duration} ${JSON.stringify(args.env)} ${JSON.stringify(serviceSettings)}`,
  );
  say();
  say(
    `- ${new Date().toISOString()}, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  say(
    `- k6 run (setup, arrivals, settle, audit) ${seconds.toFixed(1)} s: requests ${r?.requests ?? '?'}, accepted ${accepted}, rejected ${r?.rejected ?? '?'}, errors ${r?.errors ?? '?'}, dropped ${r?.droppedIterations ?? '?'}`,
  );
  say(`- accepted p50 / p95 ${p(r?.latencyMs.accepted)}; rejected ${p(r?.latencyMs.rejected)}`);
  say(
    `- audit ${r?.passed ? 'passed' : 'FAILED'}, k6 exit ${run.exitCode}; machine busy ${(busy * 100).toFixed(0)}% of all cores`,
  );
  say();
  say(
    '| part | processes | idle, % of a core | under load, % of a core | CPU ms per accepted request |',
  );
  say('|---|---:|---:|---:|---:|');
  let total = 0;
  let totalIdle = 0;
  for (const [group, used] of [...load].sort((a, b) => b[1].cpuMs - a[1].cpuMs)) {
    const idleMs = idle.get(group)?.cpuMs ?? 0;
    total += used.cpuMs;
    totalIdle += idleMs;
    say(
      `| ${group} | ${used.processes} | ${pct(idleMs, idleSeconds)} | ${pct(used.cpuMs, seconds)} | ${perRequest(used.cpuMs)} |`,
    );
  }
  say(
    `| **all** | | **${pct(totalIdle, idleSeconds)}** | **${pct(total, seconds)}** | **${perRequest(total)}** |`,
  );
}

function pct(cpuMs: number, seconds: number): string {
  return ((cpuMs / (seconds * 1000)) * 100).toFixed(1);
}

function perRequest(cpuMs: number): string {
  return accepted > 0 ? (cpuMs / accepted).toFixed(2) : '-';
}

/** `20s`, `2m`, `1m30s` in milliseconds. */
function durationMs(duration: string): number {
  let ms = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(n) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return ms;
}

/** Starts or stops every replica's profile; a no-op without --cpu-prof. */
async function toggleProfiles(): Promise<void> {
  if (!cpuProf) return;
  for (const replica of fleet.allReplicas()) process.kill(replica.pid, 'SIGUSR2');
}

/** Waits for every replica's profile in the spool, then moves them to `<outDir>/<phase>/`. */
async function collectProfiles(phase: string): Promise<void> {
  if (!cpuProf) return;
  const expected = fleet.allReplicas().length;
  const deadline = Date.now() + 30_000;
  let files: string[] = [];
  while (Date.now() < deadline) {
    files = readdirSync(spoolDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length >= expected) break;
    await sleep(200);
  }
  if (files.length < expected) log(`only ${files.length} of ${expected} ${phase} profiles arrived`);
  mkdirSync(join(outDir, phase), { recursive: true });
  for (const file of files) renameSync(join(spoolDir, file), join(outDir, phase, file));
}
