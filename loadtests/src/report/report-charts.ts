import { type Outcome, outcomes, quantile, type RunSeries } from './run-series.js';
import type { ChartSeries } from './svg/chart-frame.js';
import { lineChart } from './svg/line-chart.js';
import { stackedBarChart } from './svg/stacked-bar-chart.js';

/** One chart of the report: its SVG and a sentence on how to read it. */
export interface ReportChart {
  svg: string;
  caption: string;
}

const outcomeColors: Record<Outcome, string> = {
  accepted: '#2e7d32',
  rejected: '#e09000',
  error: '#c62828',
};

/** A colour per HTTP status: greens for 2xx, amber 409, orange 429, purple other 4xx, red 5xx. */
export function statusColor(status: string): string {
  if (status === '0') return '#555555';
  if (status.startsWith('2')) return status === '200' ? '#66bb6a' : '#2e7d32';
  if (status === '409') return '#e0a100';
  if (status === '429') return '#f57c00';
  if (status.startsWith('4')) return '#8e44ad';
  return '#c62828';
}

/** p50 (dashed) and p95 of each outcome's response times, per second, on a log scale. */
function latencyChart(series: RunSeries): ReportChart {
  const lines: ChartSeries[] = [];
  for (const outcome of outcomes) {
    const buckets = series.latencyMs[outcome];
    if (buckets.every((bucket) => bucket.length === 0)) continue;
    const color = outcomeColors[outcome];
    lines.push({ name: `${outcome} p95`, color, values: buckets.map((b) => quantile(b, 0.95)) });
    lines.push({
      name: `${outcome} p50`,
      color,
      dashed: true,
      values: buckets.map((b) => quantile(b, 0.5)),
    });
  }
  return {
    svg: lineChart(lines, {
      title: 'Response time per second, by outcome',
      yLabel: 'ms (log scale)',
      logY: true,
    }),
    caption:
      'Each second’s p95 (solid) and p50 (dashed) of the answers received in that second: accepted (2xx), rejected as designed (409, 429 with a code the endpoint promises) and errors. A gap is a second without that outcome.',
  };
}

/** Answers per second, stacked by HTTP status. */
function statusChart(series: RunSeries): ReportChart {
  const bars: ChartSeries[] = [...series.statuses.entries()].map(([status, values]) => ({
    name: status === '0' ? 'no answer' : status,
    color: statusColor(status),
    values,
  }));
  return {
    svg: stackedBarChart(bars, { title: 'Answers per second, by HTTP status', yLabel: 'answers' }),
    caption:
      'Every answer to the scenario’s own requests (not seeding, settling or the audit), by status; “no answer” is a timeout or a failed connection.',
  };
}

/** Requests sent, answered and dropped per second. */
function arrivalChart(series: RunSeries): ReportChart {
  const answered = series.sent.map((_, second) =>
    outcomes.reduce((sum, outcome) => sum + (series.answered[outcome][second] ?? 0), 0),
  );
  return {
    svg: lineChart(
      [
        { name: 'sent', color: '#1565c0', values: series.sent },
        // Dashed: where every arrival is answered within its second, it lies on `sent`.
        { name: 'answered', color: '#2e7d32', values: answered, dashed: true },
        { name: 'dropped (no VU free)', color: '#c62828', values: series.dropped },
      ],
      { title: 'Arrivals against answers, per second', yLabel: 'requests' },
    ),
    caption:
      'Requests sent in each second against answers received in it. Answers trailing arrivals mean a queue is building; dropped arrivals mean k6 itself fell behind the offered rate.',
  };
}

/** The report's three charts, in reading order. */
export function reportCharts(series: RunSeries): ReportChart[] {
  return [latencyChart(series), statusChart(series), arrivalChart(series)];
}
