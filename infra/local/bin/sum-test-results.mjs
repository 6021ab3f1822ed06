// Adds up the vitest JSON reports of every workspace into one closing line, so a reader (or
// CI) sees the whole repository's count at the end, and names every failed test with the first
// lines of its error: CI keeps only the tail of the output, and a count alone says nothing
// about which test to look at. Exits 1 if no test ran or any failed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(
    `  ${file.replace(/\.json$/, '').padEnd(24)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
  );
  for (const suite of report.testResults ?? []) {
    const where = relative(process.cwd(), suite.name);
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed')
        failures.push({ where, title: test.fullName, messages: test.failureMessages });
    }
    // A file that fails to load or whose hooks throw has no failed assertion to carry the error.
    if (
      suite.status === 'failed' &&
      !(suite.assertionResults ?? []).some((t) => t.status === 'failed')
    ) {
      failures.push({ where, title: '(file)', messages: [suite.message ?? ''] });
    }
  }
}
for (const { where, title, messages } of failures) {
  console.log(`\nFAILED ${where} > ${title}`);
  const lines = (messages ?? [])
    .join('\n')
    .split('\n')
    .filter((l) => l.trim() !== '');
  for (const line of lines.slice(0, 8)) console.log(`    ${line}`);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
