import type { FleetManifest, FleetManifests } from '@lockstep/infra-local';
import type { AuditSource } from './service-audits.js';

/** What `npm run audit -- ...` asked for. */
export interface AuditRequest {
  /** `--fleet <runId>`: that fleet, whatever started it. */
  fleet?: string;
  /** `--url <replica base URL>` (repeatable): those replicas, no fleet needed. */
  urls: readonly string[];
}

/** What to audit, or why there is nothing to. */
export type AuditPlan =
  | {
      kind: 'fleet';
      manifest: FleetManifest;
      /** Other live fleets, named so the user can pick one with --fleet. */
      others: FleetManifest[];
    }
  | { kind: 'urls'; urls: readonly string[] }
  | { kind: 'nothing'; message: string };

/**
 * Fleets people mean by "what is running": the demo and the load runs (`npm run load:*`, a
 * sweep, a profile). Test suites start fleets too; those are audited only when named.
 */
export function isDemoOrLoadFleet(manifest: FleetManifest): boolean {
  return manifest.scenario === 'demo' || /^(load|sweep|profile)-/.test(manifest.scenario);
}

/** One line naming a fleet: run id, what started it, when, and by which process. */
export function describeFleet(manifest: FleetManifest): string {
  const replicas = Object.values(manifest.services).reduce(
    (sum, service) => sum + (service?.replicas.length ?? 0),
    0,
  );
  const services = Object.keys(manifest.services).length;
  return `fleet ${manifest.runId} (${manifest.scenario}, started ${manifest.startedAt} by pid ${manifest.ownerPid}; ${services} services, ${replicas} replicas)`;
}

/**
 * Chooses what `npm run audit` audits: the URLs when given; else the fleet named by --fleet;
 * else the newest live demo or load-test fleet. With none, the plan says so, with the commands
 * that start one or audit something else.
 */
export function planAudit(
  request: AuditRequest,
  manifests: FleetManifests,
  manifestDir: string,
): AuditPlan {
  if (request.urls.length > 0) return { kind: 'urls', urls: request.urls };
  const { live } = manifests;
  if (request.fleet !== undefined) {
    const named = live.find((m) => m.runId === request.fleet);
    if (named !== undefined) return { kind: 'fleet', manifest: named, others: [] };
    return { kind: 'nothing', message: noSuchFleet(request.fleet, manifests) };
  }
  const [newest, ...others] = live.filter(isDemoOrLoadFleet);
  if (newest !== undefined) return { kind: 'fleet', manifest: newest, others };
  return { kind: 'nothing', message: nothingRunning(live, manifestDir) };
}

/** The audit sources of a fleet: per service its live replicas and its database's name. */
export function fleetSources(manifest: FleetManifest): AuditSource[] {
  return Object.entries(manifest.services).map(([service, entry]) => ({
    service,
    urls: entry?.replicas.map((replica) => replica.url) ?? [],
    note: `database ${entry?.database ?? '?'}`,
  }));
}

function noSuchFleet(runId: string, { live, stale }: FleetManifests): string {
  const wasStale = stale.some((m) => m.runId === runId);
  return [
    wasStale
      ? `fleet ${runId} is not running: the process that started it (pid ${stale.find((m) => m.runId === runId)?.ownerPid}) is gone.`
      : `no fleet ${runId} is running.`,
    ...(live.length > 0
      ? ['Running fleets:', ...live.map((m) => `  ${describeFleet(m)}`)]
      : ['No fleet is running.']),
  ].join('\n');
}

function nothingRunning(live: readonly FleetManifest[], manifestDir: string): string {
  return [
    `Nothing to audit: no demo or load-test fleet is running (no live manifest in ${manifestDir}).`,
    ...(live.length > 0
      ? [
          'Fleets of test suites are running; name one to audit it:',
          ...live.map((m) => `  npm run audit -- --fleet ${m.runId}   # ${describeFleet(m)}`),
        ]
      : []),
    'To audit something:',
    '  npm run demo                                          # start the demo, then audit it from another terminal',
    '  npm run audit -- --url http://127.0.0.1:8081          # a replica you started yourself (repeat --url)',
    '  DATABASE_URL=postgres://... npm run audit --workspace @lockstep/inventory   # one database',
  ].join('\n');
}
