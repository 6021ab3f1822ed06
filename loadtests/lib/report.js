import { runResult } from './result.js';
import { settings } from './settings.js';

// handleSummary(): the short table on stdout, and under REPORT_DIR the whole k6 summary as
// JSON with the run's `result` and the table's rows. report.html is built from it and the run's
// points file by the runner (loadtests/src/report/), which can draw charts over time: the
// summary holds totals only.

const ms = (value) => (value === undefined || value === null ? '-' : value.toFixed(1));

/** The rows of the short table, as [label, value] pairs: printed, and kept for report.html. */
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
  rows.push([
    'http_req_failed',
    `${(result.httpReqFailedRate * 100).toFixed(2)}% (expected: 2xx, ${result.expectedStatuses.join(', ')})`,
  ]);
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

/**
 * The scenario's handleSummary, given the refusal reasons it expects and the statuses it
 * declared expected (what expectRefusals returned).
 */
export function summaryWriter(refusals, expectedStatuses) {
  return (data) => {
    const result = runResult(data, refusals, expectedStatuses);
    const rows = tableRows(result);
    const outputs = { stdout: textTable(rows) };
    if (settings.reportDir !== '') {
      outputs[`${settings.reportDir}/summary.json`] = JSON.stringify(
        { result, table: rows, ...data },
        null,
        2,
      );
    }
    return outputs;
  };
}
