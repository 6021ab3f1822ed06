import { parseArgs } from 'node:util';
import {
  type FleetManifest,
  fleetManifestDir,
  isProcessRunning,
  readFleetManifests,
  removeFleetManifest,
} from '@lockstep/infra-local';
import { describeFleet, fleetSources, planAudit } from './audit-plan.js';
import { type AuditSource, auditServices, auditsClean, formatAudits } from './service-audits.js';

// `npm run audit`: audits what is running. Finds the newest live demo or load-test fleet from
// the manifests fleets write under .lockstep/run/fleets/ (or the one --fleet names, or the
// replicas --url names), asks each of its services for GET /audit, and says what it audited.
// Exits 0 when every check passed, 1 when one failed or a service did not answer, 2 when there
// was nothing to audit.

const usage = `usage: npm run audit -- [--fleet <runId>] [--url <replica base URL>]...
  (no option)   the newest running demo or load-test fleet
  --fleet ID    that fleet (its run id, as the demo and load runs print it)
  --url URL     that replica's service, e.g. http://127.0.0.1:8081 (repeatable)`;

let request: { fleet?: string; urls: string[] };
try {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'string' },
      url: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  request = {
    ...(values.fleet === undefined ? {} : { fleet: values.fleet }),
    urls: values.url.map((url) => url.replace(/\/+$/, '')),
  };
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}

const dir = fleetManifestDir();
const manifests = readFleetManifests(dir);
for (const stale of manifests.stale) reportStale(stale);

const plan = planAudit(request, manifests, dir);
if (plan.kind === 'nothing') {
  console.error(plan.message);
  process.exit(2);
}

let sources: AuditSource[];
let subject: string;
if (plan.kind === 'fleet') {
  subject = describeFleet(plan.manifest);
  sources = fleetSources(plan.manifest);
  console.log(`Auditing ${subject}`);
  for (const other of plan.others) {
    console.log(`  also running: ${describeFleet(other)}; audit it with --fleet ${other.runId}`);
  }
} else {
  subject = plan.urls.join(', ');
  sources = plan.urls.map((url) => ({ urls: [url] }));
  console.log(`Auditing the services at ${subject}`);
}

const audits = await auditServices(sources);
for (const audit of audits) {
  const note = audit.note === undefined ? '' : `, ${audit.note}`;
  console.log(`  ${audit.service.padEnd(20)} GET ${audit.url}/audit${note}`);
}
console.log(`\n${formatAudits(audits)}\n`);
const clean = auditsClean(audits);
console.log(
  clean
    ? `audit clean: ${audits.length} services of ${subject}`
    : `AUDIT FAILED: see above (${subject})`,
);
process.exit(clean ? 0 : 1);

/**
 * A fleet whose owner died without stopping it: says what it may have left behind, then
 * removes its manifest so it is reported once.
 */
function reportStale(manifest: FleetManifest): void {
  const databases = Object.values(manifest.services).map((s) => s?.database ?? '?');
  const alive = Object.values(manifest.services)
    .flatMap((s) => s?.replicas ?? [])
    .filter((replica) => isProcessRunning(replica.pid))
    .map((replica) => `${replica.name} (pid ${replica.pid})`);
  console.error(
    `note: ${describeFleet(manifest)} was not stopped: its owner is gone. Left behind: databases ${databases.join(', ')}${alive.length > 0 ? `; replicas still running: ${alive.join(', ')}` : ''}. Forgetting it.`,
  );
  removeFleetManifest(manifest.runId, dir);
}
