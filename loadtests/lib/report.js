import { runResult } from './result.js';
import { settings } from './settings.js';

// handleSummary(): the short table on stdout, and under REPORT_DIR the whole k6 summary as
// JSON (with the run's `result`) plus an HTML page of the same table, readable offline.

const ms = (value) => (value === undefined || value === null ? '-' : value.toFixed(1));

/** The rows of the short table, as [label, value] pairs; shared by text and HTML. */
export function tableRows(result) {
  const rows = [
    ['scenario', `${result.scenario} at ${result.rate}/s for ${result.duration}`],
    ['requests', result.requests],
    ['accepted', result.accepted],
    ['rejected', result.rejected],
  ];
  for (const [reason, n] of Object.entries(result.rejectedByReason)) {
    if (n > 0) rows.push([`  ${reason}`, n]);
  }
  rows.push(['errors', `${result.errors} (at most ${result.maxErrors})`]);
  for (const [kind, n] of Object.entries(result.errorsByKind)) {
    if (n > 0) rows.push([`  ${kind}`, n]);
  }
  rows.push(['dropped iterations', result.droppedIterations]);
  for (const outcome of ['accepted', 'rejected']) {
    const l = result.latencyMs[outcome];
    rows.push([
      `${outcome} ms p50/p95/p99`,
      l === null ? '-' : `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`,
    ]);
  }
  const failing = Object.entries(result.auditViolations).filter(([, n]) => n > 0);
  const problems = [
    ...failing.map(([service, n]) => `${service}: ${n} failing checks`),
    ...(result.unsettled > 0 ? [`${result.unsettled} unsettled`] : []),
  ];
  rows.push([
    'audit',
    problems.length === 0
      ? `PASS (${Object.keys(result.auditViolations).join(', ')})`
      : `FAIL (${problems.join('; ')})`,
  ]);
  rows.push(['result', result.passed ? 'PASS' : `FAIL: ${result.failedThresholds.join(', ')}`]);
  return rows;
}

function textTable(rows) {
  const width = Math.max(...rows.map(([label]) => label.length));
  return `\n${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n\n`;
}

const htmlEntities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => htmlEntities[c]);

function htmlTable(rows) {
  const body = rows
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<table>\n${body}\n</table>`;
}

function htmlPage(rows, data) {
  const metrics = Object.entries(data.metrics)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, metric]) => [
      name,
      Object.entries(metric.values)
        .map(([key, v]) => `${key}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
        .join('  '),
    ]);
  const title = `lockstep load test: ${settings.scenario}`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; font-family: monospace; }
th { background: #f4f4f4; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Run ${escapeHtml(settings.runTag)}, finished ${escapeHtml(new Date().toISOString())}.</p>
${htmlTable(rows)}
<h2>Every k6 metric</h2>
${htmlTable(metrics)}
</body></html>
`;
}

/** The scenario's handleSummary, given the refusal reasons it expects. */
export function summaryWriter(refusals) {
  return (data) => {
    const result = runResult(data, refusals);
    const rows = tableRows(result);
    const outputs = { stdout: textTable(rows) };
    if (settings.reportDir !== '') {
      outputs[`${settings.reportDir}/summary.json`] = JSON.stringify({ result, ...data }, null, 2);
      outputs[`${settings.reportDir}/report.html`] = htmlPage(rows, data);
    }
    return outputs;
  };
}
