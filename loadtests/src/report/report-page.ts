import type { RunResult } from '../run-result.js';
import { escapeHtml, htmlTable } from './html.js';
import { reportCharts } from './report-charts.js';
import type { RecordedCheck, RunSeries } from './run-series.js';

/** What a scenario's handleSummary writes to summary.json (loadtests/lib/report.js). */
export interface K6Summary {
  /** The run's outcome (loadtests/lib/result.js). */
  result: RunResult;
  /** The short table printed at the end of the run, as label and value rows. */
  table?: Array<[string, string | number]>;
  /** Every k6 metric with its end-of-test values. */
  metrics: Record<string, { values: Record<string, number> }>;
}

const style = `
body { font: 14px system-ui, sans-serif; margin: 2em auto; max-width: 820px; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: 600; }
.pass { background: #2e7d32; } .fail { background: #c62828; }
table { border-collapse: collapse; margin: 0.6em 0 1em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; font-family: ui-monospace, monospace; font-size: 13px; }
th { background: #f4f4f4; font-weight: normal; }
figure { margin: 1em 0 1.6em; } figcaption { color: #555; max-width: 760px; }
svg.chart { font: 12px system-ui, sans-serif; background: #fff; }
svg.chart .title { font-weight: 600; font-size: 13px; }
svg.chart .grid { stroke: #e5e5e5; } svg.chart .axis { stroke: #888; }
td.ok { color: #2e7d32; } td.bad { color: #c62828; font-weight: 600; }
`;

/** The audit section: every check the teardown recorded, per service, with its counts. */
function auditSection(result: RunResult, checks: readonly RecordedCheck[]): string {
  const failing = Object.values(result.auditViolations).reduce((a, b) => a + b, 0);
  const verdict =
    failing === 0 && result.unsettled === 0
      ? '<p><span class="verdict pass">audit clean</span> every check of every service passed after the run settled.</p>'
      : `<p><span class="verdict fail">AUDIT FAILED</span> ${failing} failing checks, ${result.unsettled} orders or bookings unsettled.</p>`;
  if (checks.length === 0) {
    const perService = Object.entries(result.auditViolations).map(
      ([service, n]) => [service, n === 0 ? 'clean' : `${n} failing checks`] as const,
    );
    return `${verdict}<p>The checks themselves were not recorded (no points file); failing checks per service:</p>${htmlTable(perService)}`;
  }
  const rows = checks
    .map((c) => {
      const counts = Object.entries(c.counts)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ');
      return `<tr><td>${escapeHtml(c.service)}</td><td class="${c.ok ? 'ok' : 'bad'}">${c.ok ? 'PASS' : 'FAIL'}</td><td>${escapeHtml(c.check)}</td><td>${escapeHtml(counts)}</td></tr>`;
    })
    .join('\n');
  return `${verdict}<table><tr><th>service</th><th></th><th>check</th><th>counts</th></tr>\n${rows}\n</table>`;
}

/** Every k6 metric and its end-of-test values, for whoever wants the raw figures. */
function metricsTable(summary: K6Summary): string {
  const rows = Object.entries(summary.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, metric]) =>
        [
          name,
          Object.entries(metric.values)
            .map(([key, v]) => `${key}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
            .join('  '),
        ] as const,
    );
  return htmlTable(rows);
}

/**
 * report.html of one run, a static page with no script: the verdict, the run's table, three
 * charts over time (drawn only when the points file was read), what counts as a failed
 * request, the audit check by check, and every k6 metric.
 */
export function reportPage(
  summary: K6Summary,
  series: RunSeries | undefined,
  generatedAt: Date,
): string {
  const r = summary.result;
  const title = `lockstep load test: ${r.scenario} at ${r.rate}/s for ${r.duration}`;
  const verdict = r.passed
    ? '<span class="verdict pass">PASS</span>'
    : `<span class="verdict fail">FAIL</span> ${escapeHtml(r.failedThresholds.join(', '))}`;
  const charts =
    series === undefined || series.seconds === 0
      ? '<p>No time series: k6 wrote no points file for this run.</p>'
      : reportCharts(series)
          .map((c) => `<figure>${c.svg}<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`)
          .join('\n');
  const expected = (r.expectedStatuses ?? []).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${style}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${verdict}</p>
<p>Run ${escapeHtml(r.runTag)}; report built ${escapeHtml(generatedAt.toISOString())}.</p>
${htmlTable(summary.table ?? [])}
<h2>Over time</h2>
${charts}
<h2>What counts as a failed request</h2>
<p>The scenario declares its refusals as expected answers: 2xx${expected ? `, ${escapeHtml(expected)}` : ''}. k6’s <code>http_req_failed</code> therefore counts only statuses no endpoint promises (a 5xx, an unlisted status, no answer): <strong>${((r.httpReqFailedRate ?? 0) * 100).toFixed(2)}%</strong> of all requests, seeding and audit included. The run’s verdict counts errors more strictly (<code>lockstep_errors</code>: an expected status with a code the endpoint does not promise is an error too): ${r.errors}.</p>
<h2>Audit after the run</h2>
${auditSection(r, series?.auditChecks ?? [])}
<h2>Every k6 metric</h2>
<details><summary>${Object.keys(summary.metrics).length} metrics</summary>
${metricsTable(summary)}
</details>
</body></html>
`;
}
