import { writeReport } from './write-report.js';

// `npm run load:report -- <report folder>...`: builds report.html again from a folder's
// summary.json and points.json.gz, e.g. after a run of the compose k6 service (which has no
// Node beside it), or after the report builder changed.
const dirs = process.argv.slice(2);
if (dirs.length === 0 || dirs.includes('--help')) {
  console.error('usage: npm run load:report -- <report folder>...   (holding summary.json)');
  process.exit(dirs.length === 0 ? 2 : 0);
}
let failed = 0;
for (const dir of dirs) {
  try {
    console.log(await writeReport(dir));
  } catch (error) {
    failed += 1;
    console.error(`${dir}: ${(error as Error).message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
