import { parseArgs } from 'node:util';
import { Fleet, type FleetTargets, localTopology } from '@lockstep/infra-local';
import type { ReceivedSpan } from '@lockstep/telemetry/testing';
import { auditAll } from '../audit/service-audits.js';
import { ensureBuilt } from '../ensure-stack.js';
import { runScenario, type ScenarioRun } from '../run-scenario.js';
import type { ScenarioName } from '../scenarios.js';
import { formatLockSummary, summariseLockSpans } from './lock-span-summary.js';
import { type ContentionPage, startContentionPage } from './page/contention-page.js';
import { pauseAHolderIn } from './paused-holder/pause-a-holder.js';
import { runSpansFromJaeger } from './run-spans-from-jaeger.js';
import { openTraceSink, type TraceSink } from './trace-sink.js';
import { formatTraceTree, pickTrace } from './trace-tree.js';
import { whereToLook } from './where-to-look.js';

// `npm run demo`: infra/local/bin/demo.sh has installed what was missing and started the local
// stack; this starts two replicas of every service, runs a short flash sale and a Tatkal rush
// with k6, prints the audits, the lock contention and one order's trace, says where to look,
// and keeps everything running until Ctrl-C.
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '60' },
    duration: { type: 'string', default: '20s' },
    replicas: { type: 'string', default: '2' },
    'exit-when-done': { type: 'boolean', default: false },
    'show-middleware': { type: 'boolean', default: false },
    'page-port': { type: 'string', default: '8090' },
    // For a caller that has just built (npm test's browser test): turbo re-hashes the whole
    // tree even when nothing changed, which costs a short run most of its time.
    'skip-build': { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const replicas = Number(values.replicas);
if (!(rate > 0) || !(Number.isInteger(replicas) && replicas >= 1)) {
  console.error(
    'usage: npm run demo -- [--rate 60] [--duration 20s] [--replicas 2] [--exit-when-done] [--show-middleware] [--page-port 8090] [--skip-build]',
  );
  process.exit(2);
}

const log = (message: string) => console.log(`[demo] ${message}`);
const heading = (title: string) =>
  console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}`);

const stopRequested = new Promise<string>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
});

async function runScenarios(targets: FleetTargets): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  const plan: Array<{ scenario: ScenarioName; title: string; rate: number }> = [
    { scenario: 'flash-sale', title: 'flash sale: 50 units of one SKU, a ramp of buyers', rate },
    {
      scenario: 'tatkal',
      title: 'Tatkal: a booking rush for overlapping seats',
      rate: Math.max(10, Math.round(rate / 2)),
    },
  ];
  for (const step of plan) {
    heading(step.title);
    log(`k6 ${step.scenario} at up to ${step.rate}/s for ${values.duration}`);
    const run = await runScenario({
      scenario: step.scenario,
      rate: step.rate,
      duration: values.duration,
      targets,
      output: 'inherit',
    });
    log(
      `${step.scenario}: ${run.exitCode === 0 ? 'passed' : `FAILED (k6 exit ${run.exitCode})`}; report ${run.reportDir}/report.html`,
    );
    runs.push(run);
  }
  return runs;
}

function printTraces(spans: readonly ReceivedSpan[], from: string): void {
  heading(`lock contention, from ${spans.length} spans ${from}`);
  console.log(formatLockSummary(summariseLockSpans(spans)));
  for (const [title, services] of [
    [
      'one order across inventory, payment and delivery-assignment',
      ['inventory', 'payment', 'delivery-assignment'],
    ],
    ['one booking across booking and payment', ['booking', 'payment']],
  ] as const) {
    const traceId = pickTrace(spans, services);
    heading(title);
    console.log(
      traceId
        ? `  trace ${traceId}\n${formatTraceTree(spans, traceId, { showMiddleware: values['show-middleware'] })}`
        : '  (no such trace received)',
    );
  }
}

/** The same summary and trees, from a sample of the run's traces in Jaeger. */
async function printTracesFromJaeger(jaeger: string, runId: string, since: number): Promise<void> {
  try {
    const spans = await runSpansFromJaeger({
      jaeger,
      runId,
      since,
      services: ['inventory', 'booking'],
      tracesPerService: 40,
    });
    printTraces(spans, 'in Jaeger (the newest 40 traces each of inventory and booking)');
  } catch (error) {
    log(`could not read the traces back from Jaeger at ${jaeger}: ${String(error)}`);
  }
}

async function printWhereToLook(
  fleet: Fleet,
  sink: TraceSink,
  runs: readonly ScenarioRun[],
): Promise<void> {
  heading('where to look');
  const reports = runs.map((run) => `${run.reportDir}/report.html`);
  const traces = { endpoint: sink.endpoint, keptLocally: sink.receiver !== undefined };
  console.log(await whereToLook(fleet, traces, reports));
}

async function main(): Promise<number> {
  const topology = localTopology();
  const otlpPort = Number(process.env.LOCKSTEP_OTLP_HTTP_PORT ?? 4318);
  const sink = await openTraceSink(topology.host, otlpPort);
  log(
    sink.receiver
      ? `collecting spans locally on ${sink.endpoint}`
      : `sending spans to the collector at ${sink.endpoint}`,
  );
  let fleet: Fleet | undefined;
  let page: ContentionPage | undefined;
  const startedAt = Date.now();
  try {
    heading(`starting ${replicas} replicas of each service`);
    if (!values['skip-build']) ensureBuilt(log);
    // After the build, which blocks this process: a page printed earlier would not answer.
    page = await startContentionPage({
      host: topology.host,
      port: Number(values['page-port']),
      jaegerUrl: topology.jaegerQuery,
      prometheusUrl: topology.prometheus,
      since: Date.now(),
    });
    log(`lock contention, live while the demo runs: ${page.url}`);
    fleet = await Fleet.start({
      scenario: 'demo',
      replicas,
      callerEnv: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint },
      onProgress: log,
      code: 'built',
    });
    page.follow(fleet);
    const runs = await runScenarios(fleet.targets());
    heading('a lock holder stopped past its lease, as a long GC pause would');
    console.log(`  ${await pauseAHolderIn(fleet)}`);
    heading('audit');
    const audit = await auditAll(fleet.targets());
    console.log(audit.text);
    // Spans leave the replicas in batches about once a second.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    if (sink.receiver) printTraces(sink.receiver.spans(), 'received locally');
    else await printTracesFromJaeger(topology.jaegerQuery, fleet.runId, startedAt);
    await printWhereToLook(fleet, sink, runs);
    const ok = audit.ok && runs.every((run) => run.exitCode === 0);
    heading(ok ? 'demo passed: every audit clean' : 'demo FAILED: see above');
    if (!values['exit-when-done']) {
      log(`lock contention: ${page.url}`);
      log('everything keeps running; press Ctrl-C to stop it all');
      await stopRequested;
    }
    return ok ? 0 : 1;
  } finally {
    log('stopping the replicas');
    await fleet?.stop();
    await sink.close();
    await page?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[demo] failed:', error);
    process.exit(1);
  },
);
