import { parseCliArguments, usage } from './cli-arguments.js';
import { runLoad } from './run-load.js';

// `npm run load:<scenario> -- --rate N --duration 30s [--replicas 2]`: k6 shows its progress
// and prints the outcome table itself; this adds where the report went and exits with k6's
// verdict (0 only when no threshold failed and the audit was clean).
if (process.argv.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
let args: ReturnType<typeof parseCliArguments>;
try {
  args = parseCliArguments(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

// Ctrl-C reaches k6 and the replicas too (one process group): k6 stops and still runs its
// teardown; this process must not die first, or the fleet's databases and groups stay behind.
process.on('SIGINT', () => {
  console.error('[load] interrupted: waiting for k6 to finish, then stopping the fleet');
});

const run = await runLoad({ ...args, output: 'inherit' });
console.error(`[load] report: ${run.reportDir}/report.html (summary.json beside it)`);
if (run.exitCode !== 0) {
  const failed = run.result?.failedThresholds ?? [];
  // k6 exits 105 when interrupted, 99 when a threshold failed, other codes for its own faults.
  const why =
    failed.length > 0 ? failed.join(', ') : run.exitCode === 105 ? 'interrupted' : 'see above';
  console.error(`[load] FAILED (k6 exit ${run.exitCode}: ${why})`);
}
process.exit(run.exitCode);
