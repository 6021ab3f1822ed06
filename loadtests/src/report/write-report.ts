import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type K6Summary, reportPage } from './report-page.js';
import { readRunSeries } from './run-series.js';

/** The file k6 writes every sample to (`--out json=...`), beside summary.json. */
export const pointsFileName = 'points.json.gz';

/**
 * Builds `<reportDir>/report.html` from the summary.json and points file k6 wrote there, and
 * returns its path. Throws when there is no summary.json (k6 failed before its end).
 */
export async function writeReport(reportDir: string, now = new Date()): Promise<string> {
  const summaryFile = join(reportDir, 'summary.json');
  if (!existsSync(summaryFile)) throw new Error(`no summary.json in ${reportDir}`);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as K6Summary;
  const series = await readRunSeries(join(reportDir, pointsFileName));
  const file = join(reportDir, 'report.html');
  writeFileSync(file, reportPage(summary, series, now));
  return file;
}
