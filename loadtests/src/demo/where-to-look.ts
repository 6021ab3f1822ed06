import { type Fleet, portDefaults } from '@lockstep/infra-local';

/** What the demo knows about where its spans went. */
export interface TraceDestination {
  /** The OTLP/HTTP endpoint the replicas export to. */
  endpoint: string;
  /** True when the demo receives the spans itself (no collector was listening). */
  keptLocally: boolean;
}

/** A port from infra/ports.env, overridden by the environment like every other port. */
function port(key: string): string {
  return process.env[key] ?? portDefaults()[key] ?? '';
}

/** Whether something answers HTTP at `url` within a second (any status below 500). */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    // Nothing listening (or too slow to matter to a person reading the block): not listed.
    return false;
  }
}

/**
 * The demo's "where to look" block, printed while the replicas are still alive: every replica's
 * base URL and what each serves, the command that audits this fleet again, logs, k6 reports,
 * and Jaeger's and Prometheus's UIs when they answer.
 */
export async function whereToLook(
  fleet: Fleet,
  traces: TraceDestination,
  reports: readonly string[],
): Promise<string> {
  const host = new URL(traces.endpoint).hostname;
  const jaeger = `http://${host}:${port('LOCKSTEP_JAEGER_UI_PORT')}`;
  const prometheus = `http://${host}:${port('LOCKSTEP_PROMETHEUS_PORT')}`;
  const [jaegerUp, prometheusUp] = await Promise.all([
    answers(jaeger),
    answers(`${prometheus}/-/ready`),
  ]);
  const row = (label: string, value: string) => `  ${label.padEnd(20)} ${value}`;
  const lines: string[] = [];
  const targets = Object.entries(fleet.targets()).filter(([, urls]) => urls.length > 0);
  for (const [service, urls] of targets) lines.push(row(service, urls.join('  ')));
  const example = targets[0]?.[1][0];
  if (example !== undefined) {
    lines.push(
      row(
        'each replica serves',
        '/openapi.json  /metrics  /readyz  /audit (needs x-admin-token), e.g.',
      ),
    );
    for (const path of ['/openapi.json', '/metrics']) lines.push(row('', `${example}${path}`));
  }
  lines.push(
    row('audit them again', `npm run audit -- --fleet ${fleet.runId}   (from another terminal)`),
  );
  lines.push(row('replica logs', fleet.logDir));
  for (const report of reports) lines.push(row('k6 report', report));
  lines.push(row('Jaeger', jaegerUp ? jaeger : `no answer on ${jaeger}`));
  lines.push(row('Prometheus', prometheusUp ? prometheus : `no answer on ${prometheus}`));
  if (traces.keptLocally) {
    lines.push(
      row('traces', `kept in this process (no collector was listening on ${traces.endpoint});`),
      row('', 'start one on that port (Jaeger) before the demo to browse them there'),
    );
  } else {
    lines.push(row('traces', `sent to ${traces.endpoint}`));
  }
  return lines.join('\n');
}
